/**
 * Namespaces and their mount tables. Each namespace is a separate world, as in Vault Enterprise/OpenBao: its own
 * secret and auth mounts and policies; paths are resolved relative to the X-Vault-Namespace header (and any child
 * namespace named at the start of the path).
 */
import { randomBytes } from 'node:crypto';
import { base62, uuid } from './ids.js';
import type { Backend } from './backend.js';
import { DEFAULT_POLICY_TEXT, parsePolicy, type Policy } from './policy.js';

/** Vault's system-wide default and max lease TTL (768h). */
export const SYSTEM_DEFAULT_TTL = 768 * 3600;
export const SYSTEM_MAX_TTL = 768 * 3600;

export interface MountEntry {
  /** Table-relative path with a trailing slash: "kv/" (secret table) or "approle/" (auth table). */
  path: string;
  table: 'secret' | 'auth';
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  options: Record<string, string> | null;
  config: { defaultLeaseTtl: number; maxLeaseTtl: number };
  backend: Backend;
  namespace: Namespace;
}

export class Namespace {
  readonly children = new Map<string, Namespace>();
  readonly secretMounts = new Map<string, MountEntry>();
  readonly authMounts = new Map<string, MountEntry>();
  readonly policies = new Map<string, Policy>();
  readonly customMetadata: Record<string, string> = {};

  constructor(
    readonly id: string,
    /** "" for the root namespace, else "ns1/" or "ns1/ns2/". */
    readonly path: string,
    readonly parent?: Namespace,
  ) {
    this.policies.set('default', parsePolicy('default', DEFAULT_POLICY_TEXT));
  }

  isWithin(ancestor: Namespace): boolean {
    return this === ancestor || (this.parent?.isWithin(ancestor) ?? false);
  }

  /** The mount's effective default/max TTL (0 in the mount config means "the system value"). */
  static ttls(mount: MountEntry): { defaultTtl: number; maxTtl: number } {
    return {
      defaultTtl: mount.config.defaultLeaseTtl || SYSTEM_DEFAULT_TTL,
      maxTtl: mount.config.maxLeaseTtl || SYSTEM_MAX_TTL,
    };
  }

  mount(table: 'secret' | 'auth', path: string, type: string, backend: Backend, extra: Partial<MountEntry> = {}): MountEntry {
    const entry: MountEntry = {
      path,
      table,
      type,
      description: '',
      accessor: `${table === 'auth' ? 'auth_' : ''}${type}_${randomBytes(4).toString('hex')}`,
      uuid: uuid(),
      options: null,
      config: { defaultLeaseTtl: 0, maxLeaseTtl: 0 },
      backend,
      namespace: this,
      ...extra,
    };
    (table === 'auth' ? this.authMounts : this.secretMounts).set(path, entry);
    return entry;
  }
}

export class NamespaceStore {
  readonly root = new Namespace('root', '');
  private readonly byId = new Map<string, Namespace>([['root', this.root]]);

  constructor(private readonly onCreate: (ns: Namespace) => void) {
    onCreate(this.root);
  }

  get(id: string): Namespace | undefined {
    return this.byId.get(id);
  }

  all(): Namespace[] {
    return [...this.byId.values()];
  }

  create(parent: Namespace, name: string): Namespace {
    const existing = parent.children.get(name);
    if (existing) return existing;
    const ns = new Namespace(base62(5), `${parent.path}${name}/`, parent);
    parent.children.set(name, ns);
    this.byId.set(ns.id, ns);
    this.onCreate(ns);
    return ns;
  }

  delete(ns: Namespace): void {
    for (const child of ns.children.values()) this.delete(child);
    ns.parent?.children.delete(ns.path.split('/').at(-2) ?? '');
    this.byId.delete(ns.id);
  }

  /**
   * Resolves the header namespace (which must exist) and then any child namespaces named at the start of the
   * path. Returns undefined for an unknown header namespace.
   */
  resolve(header: string | undefined, path: string): { namespace: Namespace; path: string } | undefined {
    let ns = this.root;
    for (const segment of (header ?? '').split('/').filter(Boolean)) {
      const child = ns.children.get(segment);
      if (!child) return undefined;
      ns = child;
    }
    let rest = path;
    for (;;) {
      const slash = rest.indexOf('/');
      const child = slash > 0 ? ns.children.get(rest.slice(0, slash)) : undefined;
      if (!child) break;
      ns = child;
      rest = rest.slice(slash + 1);
    }
    return { namespace: ns, path: rest };
  }
}
