/** The contract between the request pipeline (core.ts) and the mounted engines. */
import type { LogicalResponse } from './envelope.js';
import type { MountEntry, Namespace } from './namespace.js';
import type { TokenEntry } from './token-store.js';
import type { Lease } from './leases.js';

export type Operation = 'read' | 'list' | 'create' | 'update' | 'delete' | 'patch';

export interface BackendRequest {
  operation: Operation;
  /** Path relative to the mount, without a leading slash (may end with "/"). */
  path: string;
  /** Path relative to the namespace, as used in ACLs and lease ids. */
  fullPath: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  namespace: Namespace;
  mount: MountEntry;
  /** The calling token (absent on login paths). */
  token: TokenEntry | undefined;
  /** The raw client token header, also on login paths. */
  clientToken: string | undefined;
}

/** A token to mint for a successful login (Vault's logical.Auth). */
export interface LoginGrant {
  policies: string[];
  noDefaultPolicy?: boolean;
  metadata: Record<string, string>;
  /** Backend part of the display name; the core prefixes the mount ("approle", "kubernetes-ns-sa"). */
  displayName: string;
  ttl: number;
  maxTtl: number;
  period: number;
  explicitMaxTtl: number;
  numUses: number;
  /** Stable alias name, used to derive the entity id. */
  aliasName: string;
  /** Called at renewal: the backend's current TTL settings (throws if the role is gone). */
  renewSettings: () => { ttl: number; maxTtl: number; period: number };
}

/** A leased secret to register (Vault's logical.Secret). */
export interface SecretGrant {
  ttl: number;
  maxTtl: number;
  renewable: boolean;
  /** Backend-private state kept with the lease (e.g. the PostgreSQL role name). */
  internal: Record<string, unknown>;
}

export interface BackendResponse extends LogicalResponse {
  login?: LoginGrant;
  secret?: SecretGrant;
}

export interface Backend {
  /** Mount type, also reported as the envelope's mount_type. */
  readonly type: string;
  /** Paths that need no token (logins). */
  isLoginPath?(path: string): boolean;
  /** Existence check deciding whether a write needs "create" or "update"; absent means "update". */
  exists?(req: BackendRequest): boolean;
  /** Paths that need "sudo" on top of the operation's capability. */
  isRootPath?(path: string): boolean;
  handle(req: BackendRequest): Promise<BackendResponse | null>;
  /** Leased secrets: TTL settings at renewal time (from the current role). */
  secretSettings?(lease: Lease): { ttl: number; maxTtl: number };
  /** Leased secrets: extend the secret to now + ttl (the DB plugin adds its own grace). */
  renewSecret?(lease: Lease, ttl: number): Promise<void>;
  /** Leased secrets: destroy the secret. */
  revokeSecret?(lease: Lease): Promise<void>;
  close?(): Promise<void>;
}
