/**
 * The token store: service tokens with TTL, max TTL (explicit or from the auth mount/role), periods, use limits,
 * parent/child trees and accessors. Expired tokens are revoked by a timer (and treated as revoked on access even
 * before the timer fires); revoking a token revokes its children and, through onRevoke, its leases.
 */
import { badRequest } from './envelope.js';
import type { HttpAuth } from './envelope.js';
import { newTokenId, uuid, withNamespace, base62 } from './ids.js';
import { Namespace, type MountEntry } from './namespace.js';
import { calculateTtl } from './ttl.js';
import type { TimerSet } from './timers.js';

export interface TokenEntry {
  id: string;
  accessor: string;
  namespace: Namespace;
  /** Sanitized token policies. */
  policies: string[];
  meta: Record<string, string> | null;
  displayName: string;
  /** Creation path: "auth/token/create", "auth/approle/login", "auth/token/root". */
  path: string;
  parentId: string | null;
  orphan: boolean;
  /** Remaining uses; 0 = unlimited. */
  numUses: number;
  creationTime: number;
  creationTtl: number;
  /** The TTL granted by the latest creation or renewal. */
  ttl: number;
  expireTime: number | null;
  explicitMaxTtl: number;
  period: number;
  renewable: boolean;
  lastRenewalTime: number | null;
  entityId: string;
  /** The auth mount the token came from (its TTLs bound renewals). */
  mount: MountEntry;
  /** Backend TTL settings for renewals (login tokens ask their role; token-store tokens keep their own). */
  renewSettings: (() => { ttl: number; maxTtl: number; period: number }) | null;
  /** A response-wrapping token. */
  wrapping: boolean;
}

export interface CreateTokenOptions {
  namespace: Namespace;
  mount: MountEntry;
  policies: string[];
  meta?: Record<string, string> | null;
  displayName: string;
  path: string;
  parentId?: string | null;
  ttl?: number;
  maxTtl?: number;
  explicitMaxTtl?: number;
  period?: number;
  numUses?: number;
  renewable?: boolean;
  entityId?: string;
  renewSettings?: TokenEntry['renewSettings'];
  wrapping?: boolean;
  id?: string;
  /** Tokens whose policies include root and that were given no TTL never expire. */
  allowNoExpiry?: boolean;
}

export class TokenStore {
  private readonly byId = new Map<string, TokenEntry>();
  private readonly byAccessor = new Map<string, TokenEntry>();
  private readonly childrenOf = new Map<string, Set<string>>();

  constructor(
    private readonly timers: TimerSet,
    private readonly onRevoke: (entry: TokenEntry) => void,
  ) {}

  create(opts: CreateTokenOptions): { entry: TokenEntry; warnings: string[] } {
    const now = Date.now();
    const { defaultTtl, maxTtl } = Namespace.ttls(opts.mount);
    let ttl = 0;
    let warnings: string[] = [];
    const neverExpires = opts.allowNoExpiry && !opts.ttl && !opts.period && !opts.explicitMaxTtl;
    if (!neverExpires) {
      ({ ttl, warnings } = calculateTtl({
        increment: 0,
        backendTtl: opts.ttl ?? 0,
        period: opts.period ?? 0,
        backendMaxTtl: opts.maxTtl ?? 0,
        explicitMaxTtl: opts.explicitMaxTtl ?? 0,
        mountDefaultTtl: defaultTtl,
        mountMaxTtl: maxTtl,
        nowMs: now,
      }));
    }
    const id = opts.id ?? newTokenId(opts.namespace.id);
    if (this.byId.has(id)) throw badRequest('cannot create a token with a duplicate ID');
    const entry: TokenEntry = {
      id,
      accessor: withNamespace(base62(24), opts.namespace.id),
      namespace: opts.namespace,
      policies: opts.policies,
      meta: opts.meta ?? null,
      displayName: opts.displayName,
      path: opts.path,
      parentId: opts.parentId ?? null,
      orphan: !opts.parentId,
      numUses: opts.numUses ?? 0,
      creationTime: now,
      creationTtl: ttl,
      ttl,
      expireTime: ttl > 0 ? now + ttl * 1000 : null,
      explicitMaxTtl: opts.explicitMaxTtl ?? 0,
      period: opts.period ?? 0,
      renewable: opts.renewable ?? true,
      lastRenewalTime: null,
      entityId: opts.entityId ?? '',
      mount: opts.mount,
      renewSettings: opts.renewSettings ?? null,
      wrapping: opts.wrapping ?? false,
    };
    this.byId.set(entry.id, entry);
    this.byAccessor.set(entry.accessor, entry);
    if (entry.parentId) {
      const siblings = this.childrenOf.get(entry.parentId) ?? new Set<string>();
      siblings.add(entry.id);
      this.childrenOf.set(entry.parentId, siblings);
    }
    this.scheduleExpiry(entry);
    return { entry, warnings };
  }

  /** A valid token, or undefined (unknown, revoked or expired). */
  lookup(id: string | undefined): TokenEntry | undefined {
    if (!id) return undefined;
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    if (entry.expireTime !== null && entry.expireTime <= Date.now()) {
      this.revoke(entry);
      return undefined;
    }
    return entry;
  }

  lookupAccessor(accessor: string): TokenEntry | undefined {
    const entry = this.byAccessor.get(accessor);
    return entry ? this.lookup(entry.id) : undefined;
  }

  /** Counts one use of a limited token; true when that was its last use (revoke it after the request). */
  use(entry: TokenEntry): boolean {
    if (entry.numUses === 0) return false;
    entry.numUses -= 1;
    return entry.numUses === 0;
  }

  /** Token renewal (renew-self, renew, renew-accessor) with Vault's lease rules. */
  renew(entry: TokenEntry, increment: number): { warnings: string[] } {
    if (entry.expireTime === null || !entry.renewable) throw badRequest('lease is not renewable');
    const now = Date.now();
    if (entry.expireTime <= now) throw badRequest('lease expired');
    const { defaultTtl, maxTtl } = Namespace.ttls(entry.mount);
    const settings = entry.renewSettings?.() ?? { ttl: entry.ttl, maxTtl: 0, period: entry.period };
    const { ttl, warnings } = calculateTtl({
      increment,
      backendTtl: settings.ttl,
      period: settings.period,
      backendMaxTtl: settings.maxTtl,
      explicitMaxTtl: entry.explicitMaxTtl,
      startTimeMs: entry.creationTime,
      mountDefaultTtl: defaultTtl,
      mountMaxTtl: maxTtl,
      nowMs: now,
    });
    entry.ttl = ttl;
    entry.expireTime = now + ttl * 1000;
    entry.lastRenewalTime = now;
    this.scheduleExpiry(entry);
    return { warnings };
  }

  /** Revokes a token and its whole subtree (or orphans the children). */
  revoke(entry: TokenEntry, orphanChildren = false): void {
    if (!this.byId.has(entry.id)) return;
    this.byId.delete(entry.id);
    this.byAccessor.delete(entry.accessor);
    this.timers.cancel(entry);
    if (entry.parentId) this.childrenOf.get(entry.parentId)?.delete(entry.id);
    const children = this.childrenOf.get(entry.id);
    this.childrenOf.delete(entry.id);
    for (const childId of children ?? []) {
      const child = this.byId.get(childId);
      if (!child) continue;
      if (orphanChildren) {
        child.parentId = null;
        child.orphan = true;
      } else {
        this.revoke(child);
      }
    }
    this.onRevoke(entry);
  }

  all(): TokenEntry[] {
    return [...this.byId.values()];
  }

  clear(): void {
    for (const entry of this.byId.values()) this.timers.cancel(entry);
    this.byId.clear();
    this.byAccessor.clear();
    this.childrenOf.clear();
  }

  /** The auth block returned by logins, token creation and renewals. */
  authBlock(entry: TokenEntry, includeToken = true): HttpAuth {
    return {
      client_token: includeToken ? entry.id : '',
      accessor: entry.accessor,
      policies: entry.policies,
      token_policies: entry.policies,
      metadata: entry.meta,
      lease_duration: entry.ttl,
      renewable: entry.expireTime !== null && entry.renewable,
      entity_id: entry.entityId,
      token_type: 'service',
      orphan: entry.orphan,
      mfa_requirement: null,
      num_uses: entry.numUses,
    };
  }

  /** The data of auth/token/lookup(-self|-accessor). */
  lookupData(entry: TokenEntry, includeId = true): Record<string, unknown> {
    const now = Date.now();
    const data: Record<string, unknown> = {
      accessor: entry.accessor,
      creation_time: Math.floor(entry.creationTime / 1000),
      creation_ttl: entry.creationTtl,
      display_name: entry.displayName,
      entity_id: entry.entityId,
      expire_time: entry.expireTime === null ? null : new Date(entry.expireTime).toISOString(),
      explicit_max_ttl: entry.explicitMaxTtl,
      id: includeId ? entry.id : '',
      issue_time: new Date(entry.creationTime).toISOString(),
      meta: entry.meta,
      num_uses: entry.numUses,
      orphan: entry.orphan,
      path: entry.path,
      policies: entry.policies,
      renewable: entry.expireTime !== null && entry.renewable,
      ttl: entry.expireTime === null ? 0 : Math.max(0, Math.floor((entry.expireTime - now) / 1000)),
      type: 'service',
    };
    if (entry.period) data.period = entry.period;
    if (entry.lastRenewalTime !== null) {
      data.last_renewal_time = Math.floor(entry.lastRenewalTime / 1000);
      data.last_renewal = new Date(entry.lastRenewalTime).toISOString();
    }
    return data;
  }

  /** Stable entity ids per (mount, alias), like Vault's identity store creating an entity on first login. */
  private readonly entities = new Map<string, string>();
  entityFor(mount: MountEntry, aliasName: string): string {
    const key = `${mount.accessor}\u0000${aliasName}`;
    let id = this.entities.get(key);
    if (!id) {
      id = uuid();
      this.entities.set(key, id);
    }
    return id;
  }

  private scheduleExpiry(entry: TokenEntry): void {
    if (entry.expireTime === null) return;
    this.timers.schedule(entry.expireTime, () => this.lookup(entry.id), entry);
  }
}
