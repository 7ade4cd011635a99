/**
 * The sys/ endpoints: health and seal status, the mount and auth tables (with tuning), ACL policies, leases,
 * response wrapping, sys/internal/ui/mounts (how clients detect a KV version), capabilities-self and namespaces.
 */
import type { Backend, BackendRequest, BackendResponse } from './backend.js';
import type { VaultCore } from './core.js';
import { parseDurationSeconds } from './durations.js';
import { VaultError, badRequest, notFound, unsupportedOperation, unsupportedPath } from './envelope.js';
import { uuid } from './ids.js';
import { Namespace, type MountEntry } from './namespace.js';
import { parsePolicy } from './policy.js';

const VERSION = '1.18.0+mcp-secrets-test';
const CLUSTER_ID = uuid();
const CLUSTER_NAME = `vault-cluster-${CLUSTER_ID.slice(0, 8)}`;
const RESERVED_MOUNTS = ['sys/', 'auth/', 'cubbyhole/', 'identity/'];

export class SystemBackend implements Backend {
  readonly type = 'system';

  constructor(private readonly core: VaultCore) {}

  /** Vault's system backend "Unauthenticated" paths (internal/ui/mounts checks the token itself). */
  isLoginPath(path: string): boolean {
    return ['health', 'seal-status', 'wrapping/lookup', 'internal/ui/mounts'].includes(path) || path.startsWith('internal/ui/mounts/');
  }

  isRootPath(path: string): boolean {
    return /^(auth\/.+|leases\/revoke-prefix\/.*|leases\/revoke-force\/.*|revoke-prefix\/.*|revoke-force\/.*)$/.test(path);
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    const { path } = req;
    if (path === 'health') return this.health(req);
    if (path === 'seal-status') return { bare: this.sealStatus() };
    if (path === 'mounts' || path.startsWith('mounts/')) return this.mounts(req, 'secret', path.slice('mounts'.length + 1));
    if (path === 'auth' || path.startsWith('auth/')) return this.mounts(req, 'auth', path.slice('auth'.length + 1));
    if (path === 'policies/acl' || path === 'policies/acl/' || path.startsWith('policies/acl/')) return this.policies(req, path.slice('policies/acl/'.length), false);
    if (path === 'policy' || path === 'policy/' || path.startsWith('policy/')) return this.policies(req, path.slice('policy/'.length), true);
    if (path === 'leases/renew' || path.startsWith('leases/renew/')) return this.renewLease(req, path.slice('leases/renew/'.length));
    if (path === 'renew' || path.startsWith('renew/')) return this.renewLease(req, path.slice('renew/'.length));
    if (path === 'leases/revoke' || path.startsWith('leases/revoke/')) return this.revokeLease(req, path.slice('leases/revoke/'.length));
    if (path === 'revoke' || path.startsWith('revoke/')) return this.revokeLease(req, path.slice('revoke/'.length));
    if (path.startsWith('leases/revoke-prefix/')) return this.revokePrefix(req, path.slice('leases/revoke-prefix/'.length));
    if (path === 'leases/lookup') return this.lookupLease(req);
    if (path === 'wrapping/unwrap') return this.unwrap(req);
    if (path === 'wrapping/lookup') return this.lookupWrapping(req);
    if (path.startsWith('internal/ui/mounts/')) return this.uiMount(req, path.slice('internal/ui/mounts/'.length));
    if (path === 'capabilities-self') return this.capabilitiesSelf(req);
    if (path === 'namespaces' || path === 'namespaces/' || path.startsWith('namespaces/')) return this.namespaces(req, path.slice('namespaces/'.length));
    throw unsupportedPath();
  }

  private health(req: BackendRequest): BackendResponse {
    const sealed = this.core.sealed;
    const code = (name: string, fallback: number): number => {
      const raw = req.query.get(name);
      return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
    };
    return {
      status: sealed ? code('sealedcode', 503) : code('activecode', 200),
      bare: {
        initialized: true,
        sealed,
        standby: sealed,
        performance_standby: false,
        replication_performance_mode: 'disabled',
        replication_dr_mode: 'disabled',
        server_time_utc: Math.floor(Date.now() / 1000),
        version: VERSION,
        cluster_name: CLUSTER_NAME,
        cluster_id: CLUSTER_ID,
      },
    };
  }

  sealStatus(): Record<string, unknown> {
    return {
      type: 'shamir',
      initialized: true,
      sealed: this.core.sealed,
      t: 1,
      n: 1,
      progress: 0,
      nonce: '',
      version: VERSION,
      build_date: '2024-01-01T00:00:00Z',
      migration: false,
      cluster_name: CLUSTER_NAME,
      cluster_id: CLUSTER_ID,
      recovery_seal: false,
      storage_type: 'inmem',
    };
  }

  // --- sys/mounts and sys/auth

  private async mounts(req: BackendRequest, table: 'secret' | 'auth', rest: string): Promise<BackendResponse | null> {
    const ns = req.namespace;
    const entries = table === 'auth' ? ns.authMounts : ns.secretMounts;
    if (rest === '' || rest === '/') {
      if (req.operation !== 'read') throw unsupportedOperation();
      const data = Object.fromEntries([...entries.values()].map((m) => [m.path, mountInfo(m)]));
      return { data, topLevel: data };
    }
    const tune = rest.endsWith('/tune');
    const mountPath = normalizeMountPath(tune ? rest.slice(0, -'/tune'.length) : rest);
    const existing = entries.get(mountPath);
    if (tune) {
      if (!existing) throw badRequest(`cannot tune '${mountPath}': no mount at this path`);
      if (req.operation === 'read') return { data: tuneInfo(existing) };
      applyTune(existing, req.body);
      return null;
    }
    switch (req.operation) {
      case 'read':
        if (!existing) throw badRequest(table === 'auth' ? `No auth engine at ${mountPath}` : `No secret engine mount at ${mountPath}`);
        return { data: mountInfo(existing) };
      case 'create':
      case 'update':
        this.enable(ns, table, mountPath, req.body);
        return null;
      case 'delete':
        if (existing && existing.type !== 'system' && existing.type !== 'token') await this.core.unmount(existing);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  private enable(ns: Namespace, table: 'secret' | 'auth', path: string, body: Record<string, unknown>): void {
    let type = String(body.type ?? '');
    if (!type) throw badRequest('backend type must be specified as a string');
    const options: Record<string, string> = {};
    for (const [k, v] of Object.entries((body.options as Record<string, unknown>) ?? {})) options[k] = String(v);
    if (type === 'kv-v2') {
      type = 'kv';
      options.version = '2';
    }
    if (table === 'auth' && options.version) throw badRequest(`auth method "${type}" does not allow setting a version`);
    const entries = table === 'auth' ? ns.authMounts : ns.secretMounts;
    const reserved = table === 'secret' ? RESERVED_MOUNTS : ['token/'];
    for (const other of [...entries.keys(), ...reserved]) {
      if (path.startsWith(other) || other.startsWith(path)) throw badRequest(`path is already in use at ${other}`);
    }
    const allowed = table === 'auth' ? ['approle', 'kubernetes'] : ['kv', 'database'];
    if (!allowed.includes(type)) throw badRequest(`plugin not found in the catalog: ${type}`);
    const backend = this.core.requireBackend(type, Object.keys(options).length ? options : null);
    const config = (body.config as Record<string, unknown>) ?? {};
    ns.mount(table, path, type, backend, {
      description: String(body.description ?? ''),
      options: Object.keys(options).length ? options : null,
      config: {
        defaultLeaseTtl: parseDurationSeconds(config.default_lease_ttl, 'default_lease_ttl'),
        maxLeaseTtl: parseDurationSeconds(config.max_lease_ttl, 'max_lease_ttl'),
      },
    });
  }

  // --- policies

  private policies(req: BackendRequest, name: string, legacy: boolean): BackendResponse | null {
    const ns = req.namespace;
    name = name.replace(/\/$/, '').toLowerCase();
    if (name === '') {
      if (req.operation !== 'read' && req.operation !== 'list') throw unsupportedOperation();
      const keys = ['root', ...[...ns.policies.keys()].sort()];
      return { data: legacy ? { keys, policies: keys } : { keys } };
    }
    switch (req.operation) {
      case 'read': {
        if (name === 'root') return { data: { name, [legacy ? 'rules' : 'policy']: '' } };
        const policy = ns.policies.get(name);
        if (!policy) throw notFound();
        return { data: legacy ? { name, rules: policy.text } : { name, policy: policy.text } };
      }
      case 'create':
      case 'update': {
        if (name === 'root' || name === 'response-wrapping') throw badRequest(`cannot update "${name}" policy`);
        const text = req.body.policy ?? req.body.rules;
        if (typeof text !== 'string' || !text.trim()) throw badRequest("'policy' parameter not supplied or empty");
        ns.policies.set(name, parsePolicy(name, text));
        return null;
      }
      case 'delete':
        if (name === 'root' || name === 'default' || name === 'response-wrapping') throw badRequest(`cannot delete "${name}" policy`);
        ns.policies.delete(name);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  // --- leases

  private leaseIdFrom(req: BackendRequest, fromPath: string): string {
    const raw = req.body.lease_id;
    if (raw !== undefined && typeof raw !== 'string') throw badRequest('invalid lease ID');
    const id = (raw as string | undefined) || fromPath;
    if (!id) throw badRequest('lease_id must be specified');
    return id;
  }

  private async renewLease(req: BackendRequest, fromPath: string): Promise<BackendResponse> {
    if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
    const id = this.leaseIdFrom(req, fromPath);
    const increment = parseDurationSeconds(req.body.increment, 'increment');
    const { lease, warnings } = await this.core.leases.renew(id, increment, req.namespace);
    return { leaseId: lease.id, renewable: lease.renewable, leaseDuration: lease.ttl, data: null, warnings };
  }

  private async revokeLease(req: BackendRequest, fromPath: string): Promise<BackendResponse | null> {
    if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
    const id = this.leaseIdFrom(req, fromPath);
    if (req.body.sync === false) {
      const lease = this.core.leases.get(id);
      if (lease) this.core.leases.revokeLater(lease);
      return { status: 202, data: null };
    }
    await this.core.leases.revoke(id);
    return null;
  }

  private async revokePrefix(req: BackendRequest, prefix: string): Promise<null> {
    const leases = this.core.leases.all().filter((l) => l.namespace === req.namespace && l.id.startsWith(prefix));
    await Promise.all(leases.map((l) => this.core.leases.revoke(l.id)));
    return null;
  }

  private lookupLease(req: BackendRequest): BackendResponse {
    const id = this.leaseIdFrom(req, '');
    const lease = this.core.leases.get(id);
    if (!lease || lease.namespace !== req.namespace) throw badRequest('invalid lease');
    return {
      data: {
        id: lease.id,
        issue_time: new Date(lease.issueTime).toISOString(),
        expire_time: new Date(lease.expireTime).toISOString(),
        last_renewal: lease.lastRenewalTime === null ? null : new Date(lease.lastRenewalTime).toISOString(),
        renewable: lease.renewable && lease.expireTime > Date.now(),
        ttl: Math.max(0, Math.floor((lease.expireTime - Date.now()) / 1000)),
      },
    };
  }

  // --- response wrapping (the core has already checked the wrapping token is valid)

  private unwrap(req: BackendRequest): BackendResponse {
    const tokenId = (typeof req.body.token === 'string' && req.body.token) || req.clientToken || '';
    const body = this.core.wrapping.take(tokenId);
    if (!body) throw badRequest('wrapping token is not valid or does not exist');
    return { bare: { ...body, request_id: uuid() } };
  }

  private lookupWrapping(req: BackendRequest): BackendResponse {
    const tokenId = (typeof req.body.token === 'string' && req.body.token) || req.clientToken || '';
    const data = this.core.wrapping.lookup(tokenId);
    if (!data) throw badRequest('wrapping token is not valid or does not exist');
    return { data };
  }

  // --- sys/internal/ui/mounts/<path>: mount details for any token that can use something under the mount

  private uiMount(req: BackendRequest, path: string): BackendResponse {
    const ns = req.namespace;
    const denied = (): VaultError =>
      new VaultError(403, [`preflight capability check returned 403, please ensure client's policies grant access to path "${normalizeMountPath(path)}"`]);
    const route = this.core.route(ns, path.endsWith('/') ? path : `${path}/`);
    if (!route || !req.token) throw denied();
    const mountPrefix = route.mount.table === 'auth' ? `auth/${route.mount.path}` : route.mount.path;
    const aclPrefix = ns.path.slice(req.token.namespace.path.length) + mountPrefix;
    if (!this.core.aclFor(req.token).hasAnyAccessUnder(aclPrefix)) throw denied();
    return { data: { ...mountInfo(route.mount), path: mountPrefix } };
  }

  private capabilitiesSelf(req: BackendRequest): BackendResponse {
    if (!req.token) throw new VaultError(403, ['permission denied']);
    const raw = req.body.paths ?? req.body.path;
    const paths = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : []).map((p) => String(p).trim()).filter(Boolean);
    if (paths.length === 0) throw badRequest("'paths' not specified");
    const acl = this.core.aclFor(req.token);
    const data: Record<string, unknown> = {};
    for (const p of paths) {
      const caps = acl.root ? ['root'] : [...acl.capabilities(p)].sort();
      data[p] = caps.includes('deny') || caps.length === 0 ? ['deny'] : caps;
    }
    data.capabilities = data[paths[0]];
    return { data };
  }

  // --- namespaces (children of the request namespace)

  private namespaces(req: BackendRequest, name: string): BackendResponse | null {
    const ns = req.namespace;
    name = name.replace(/\/$/, '');
    const info = (child: Namespace): Record<string, unknown> => ({
      id: child.id,
      path: child.path.slice(ns.path.length),
      custom_metadata: child.customMetadata,
    });
    if (name === '') {
      if (req.operation !== 'list' && req.operation !== 'read') throw unsupportedOperation();
      const children = [...ns.children.values()];
      if (children.length === 0) throw notFound();
      return {
        data: {
          keys: children.map((c) => c.path.slice(ns.path.length)),
          key_info: Object.fromEntries(children.map((c) => [c.path.slice(ns.path.length), info(c)])),
        },
      };
    }
    if (name.includes('/')) throw badRequest('namespace name must not contain "/"');
    switch (req.operation) {
      case 'read': {
        const child = ns.children.get(name);
        if (!child) throw notFound();
        return { data: info(child) };
      }
      case 'create':
      case 'update':
        return { data: info(this.core.namespaces.create(ns, name)) };
      case 'delete': {
        const child = ns.children.get(name);
        if (child) this.core.namespaces.delete(child);
        return null;
      }
      default:
        throw unsupportedOperation();
    }
  }
}

function normalizeMountPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return `${trimmed}/`;
}

function mountInfo(m: MountEntry): Record<string, unknown> {
  return {
    accessor: m.accessor,
    config: { default_lease_ttl: m.config.defaultLeaseTtl, force_no_cache: false, max_lease_ttl: m.config.maxLeaseTtl },
    description: m.description,
    external_entropy_access: false,
    local: false,
    options: m.options,
    plugin_version: '',
    running_plugin_version: `v${VERSION}+builtin`,
    running_sha256: '',
    seal_wrap: false,
    type: m.type,
    uuid: m.uuid,
  };
}

function tuneInfo(m: MountEntry): Record<string, unknown> {
  const { defaultTtl, maxTtl } = Namespace.ttls(m);
  return { default_lease_ttl: defaultTtl, max_lease_ttl: maxTtl, force_no_cache: false, description: m.description, options: m.options };
}

function applyTune(m: MountEntry, body: Record<string, unknown>): void {
  if (body.default_lease_ttl !== undefined) m.config.defaultLeaseTtl = parseDurationSeconds(body.default_lease_ttl, 'default_lease_ttl');
  if (body.max_lease_ttl !== undefined) m.config.maxLeaseTtl = parseDurationSeconds(body.max_lease_ttl, 'max_lease_ttl');
  if (typeof body.description === 'string') m.description = body.description;
  if (body.options && typeof body.options === 'object') {
    m.options = { ...(m.options ?? {}), ...Object.fromEntries(Object.entries(body.options).map(([k, v]) => [k, String(v)])) };
  }
}
