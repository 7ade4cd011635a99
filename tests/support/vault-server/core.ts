/**
 * The request pipeline, in Vault's order: resolve the namespace, validate the token, check the ACL (a denied
 * request still spends one of a limited token's uses), route to the mount, mint tokens for logins and leases for
 * secrets, wrap the response if X-Vault-Wrap-TTL asked for it, and build the envelope.
 */
import {
  VaultError,
  badRequest,
  invalidToken,
  multiError,
  permissionDenied,
  toEnvelope,
  type LogicalResponse,
} from './envelope.js';
import type { Backend, BackendRequest, BackendResponse, Operation } from './backend.js';
import { parseDurationSeconds } from './durations.js';
import { LeaseManager } from './leases.js';
import { Namespace, NamespaceStore, type MountEntry } from './namespace.js';
import { Acl, RESPONSE_WRAPPING_POLICY_TEXT, parsePolicy, sanitizePolicies, type Policy } from './policy.js';
import { TimerSet } from './timers.js';
import { TokenStore, type TokenEntry } from './token-store.js';
import { INVALID_WRAPPING_TOKEN, WrappingStore } from './wrapping.js';

export interface CoreRequest {
  method: string;
  /** Path after /v1/, without a leading slash. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  token?: string;
  namespace?: string;
  wrapTtl?: string;
}

export interface CoreResult {
  status: number;
  body?: unknown;
}

/** Creates the engine for a mount type; the server module supplies it (keeps this file free of engine imports). */
export type BackendFactory = (core: VaultCore, type: string, options: Record<string, string> | null) => Backend | undefined;

const SELF_PATHS = new Set(['auth/token/lookup-self', 'auth/token/renew-self', 'auth/token/revoke-self']);
const WRAPPING_TOKEN_PATHS = new Set(['sys/wrapping/unwrap', 'sys/wrapping/lookup']);
const responseWrappingPolicy = parsePolicy('response-wrapping', RESPONSE_WRAPPING_POLICY_TEXT);
const rootPolicy: Policy = { name: 'root', text: '', rules: new Map() };

export class VaultCore {
  readonly timers = new TimerSet();
  readonly leases = new LeaseManager(this.timers);
  readonly tokens: TokenStore = new TokenStore(this.timers, (entry) => this.afterTokenRevoked(entry));
  readonly wrapping = new WrappingStore(this.tokens);
  readonly namespaces: NamespaceStore;
  sealed = false;

  constructor(readonly createBackend: BackendFactory) {
    this.namespaces = new NamespaceStore((ns) => {
      ns.mount('secret', 'sys/', 'system', this.requireBackend('system', null), { description: 'system endpoints used for control, policy and debugging' });
      ns.mount('auth', 'token/', 'token', this.requireBackend('token', null), { description: 'token based credentials' });
    });
  }

  requireBackend(type: string, options: Record<string, string> | null): Backend {
    const backend = this.createBackend(this, type, options);
    if (!backend) throw badRequest(`plugin not found in the catalog: ${type}`);
    return backend;
  }

  tokenMount(ns: Namespace): MountEntry {
    const mount = ns.authMounts.get('token/');
    if (!mount) throw new Error('token mount missing');
    return mount;
  }

  async handle(req: CoreRequest): Promise<CoreResult> {
    try {
      return await this.process(req);
    } catch (error) {
      if (error instanceof VaultError) return { status: error.status, body: { errors: error.errors } };
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: { errors: [multiError(message)] } };
    }
  }

  private async process(req: CoreRequest): Promise<CoreResult> {
    const resolved = this.namespaces.resolve(req.namespace, req.path);
    if (!resolved) throw new VaultError(404, ['namespace not found']);
    let { namespace } = resolved;
    const { path } = resolved;
    // The -self paths always act in the token's own namespace.
    const selfToken = SELF_PATHS.has(path) ? this.tokens.lookup(req.token) : undefined;
    if (selfToken) namespace = selfToken.namespace;

    const operation = toOperation(req.method, req.query);
    const wrapTtl = req.wrapTtl ? parseDurationSeconds(req.wrapTtl, 'X-Vault-Wrap-TTL header') : 0;
    if (wrapTtl < 0) throw badRequest('requested wrap ttl cannot be negative');

    // Vault validates a wrapping token before the ACL check, answering 400 rather than 403.
    if (WRAPPING_TOKEN_PATHS.has(path)) {
      const bodyToken = typeof req.body.token === 'string' && req.body.token ? req.body.token : undefined;
      if (!this.wrapping.isValid(bodyToken ?? req.token)) throw badRequest(INVALID_WRAPPING_TOKEN);
    }

    const route = this.route(namespace, path);
    const breq: BackendRequest | undefined = route && {
      operation,
      path: route.relPath,
      fullPath: path,
      query: req.query,
      body: req.body,
      namespace,
      mount: route.mount,
      token: undefined,
      clientToken: req.token,
    };
    const backend = route?.mount.backend;
    const unauthenticated = Boolean(backend?.isLoginPath?.(route!.relPath));

    let token: TokenEntry | undefined;
    let lastUse = false;
    if (unauthenticated && breq) {
      // Like Vault, a token sent to an unauthenticated path is still looked up (best effort, no use counted).
      breq.token = this.tokens.lookup(req.token);
    } else {
      if (!req.token) throw new VaultError(403, ['permission denied']);
      token = this.tokens.lookup(req.token);
      if (!token) throw invalidToken();
      if (breq) breq.token = token;
      let capability: Operation = operation;
      if (operation === 'update' && breq && backend?.exists) capability = backend.exists(breq) ? 'update' : 'create';
      const acl = this.aclFor(token);
      const aclPath = namespace.isWithin(token.namespace) ? namespace.path.slice(token.namespace.path.length) + path : undefined;
      const needsSudo = Boolean(route && backend?.isRootPath?.(route.relPath));
      lastUse = this.tokens.use(token);
      if (aclPath === undefined || !acl.allows(aclPath, capability, needsSudo)) {
        if (lastUse) this.tokens.revoke(token);
        throw permissionDenied();
      }
    }

    try {
      if (!route || !breq || !backend) {
        throw new VaultError(404, [`no handler for route "${namespace.path}${path}". route entry not found.`]);
      }
      let resp = await backend.handle(breq);
      if (resp) resp = await this.completeResponse(resp, breq, token, lastUse);
      if (resp && wrapTtl > 0 && resp.bare === undefined && (resp.status ?? 200) < 300) {
        resp = this.wrapResponse(resp, namespace, route.mount.type, path, wrapTtl);
      }
      if (!resp) return { status: 204 };
      if (resp.bare !== undefined) return { status: resp.status ?? 200, body: resp.bare };
      return { status: resp.status ?? 200, body: toEnvelope(resp, route.mount.type) };
    } finally {
      if (lastUse && token) this.tokens.revoke(token);
    }
  }

  /** Turns a login grant into a token and a leased secret into a registered lease. */
  private async completeResponse(resp: BackendResponse, req: BackendRequest, token: TokenEntry | undefined, lastUse: boolean): Promise<LogicalResponse> {
    const { login, secret, ...rest } = resp;
    const out: LogicalResponse = rest;
    const warnings = [...(resp.warnings ?? [])];
    if (login) {
      const policies = sanitizePolicies(login.policies, !login.noDefaultPolicy);
      if (policies.includes('root')) throw badRequest('auth methods cannot create root tokens');
      const source = req.mount.path.replaceAll('/', '-');
      const { entry, warnings: ttlWarnings } = this.tokens.create({
        namespace: req.namespace,
        mount: req.mount,
        policies,
        meta: login.metadata,
        displayName: `${source}${login.displayName}`.replace(/-$/, ''),
        path: `auth/${req.mount.path}${req.path}`,
        ttl: login.ttl,
        maxTtl: login.maxTtl,
        explicitMaxTtl: login.explicitMaxTtl,
        period: login.period,
        numUses: login.numUses,
        entityId: this.tokens.entityFor(req.mount, login.aliasName),
        renewSettings: login.renewSettings,
      });
      out.auth = this.tokens.authBlock(entry);
      warnings.push(...ttlWarnings);
    }
    if (secret && token) {
      const { lease, warnings: ttlWarnings } = this.leases.register(req.namespace, req.fullPath, req.mount, token.id, secret);
      if (lastUse) {
        await this.leases.revoke(lease.id);
        throw badRequest('Secret cannot be returned; token had one use left, so leased credentials were immediately revoked.');
      }
      out.leaseId = lease.id;
      out.renewable = lease.renewable;
      out.leaseDuration = lease.ttl;
      warnings.push(...ttlWarnings);
    }
    out.warnings = warnings;
    return out;
  }

  private wrapResponse(resp: LogicalResponse, namespace: Namespace, mountType: string, path: string, ttl: number): LogicalResponse {
    const body = toEnvelope(resp, mountType);
    const wrapInfo = this.wrapping.wrap(namespace, this.tokenMount(namespace), body, path, ttl, resp.auth?.accessor ?? '');
    return { wrapInfo, warnings: resp.warnings };
  }

  /** Longest-prefix match over the namespace's secret mounts (sys/ included) and auth mounts. */
  route(ns: Namespace, path: string): { mount: MountEntry; relPath: string } | undefined {
    const [table, rest] = path.startsWith('auth/') ? [ns.authMounts, path.slice(5)] : [ns.secretMounts, path];
    let best: MountEntry | undefined;
    for (const [mountPath, entry] of table) {
      if ((rest.startsWith(mountPath) || `${rest}/` === mountPath) && (!best || mountPath.length > best.path.length)) best = entry;
    }
    return best && { mount: best, relPath: rest.slice(best.path.length) };
  }

  aclFor(token: TokenEntry): Acl {
    const policies: Policy[] = [];
    for (const name of token.policies) {
      if (name === 'root') policies.push(rootPolicy);
      else if (name === 'response-wrapping') policies.push(responseWrappingPolicy);
      else {
        const policy = token.namespace.policies.get(name);
        if (policy) policies.push(policy);
      }
    }
    return new Acl(policies);
  }

  private afterTokenRevoked(entry: TokenEntry): void {
    this.wrapping.forget(entry.id);
    this.leases.revokeByToken(entry.id);
  }

  /** Unmounting revokes every lease issued by the mount (Vault does the same on secrets disable). */
  async unmount(entry: MountEntry): Promise<void> {
    (entry.table === 'auth' ? entry.namespace.authMounts : entry.namespace.secretMounts).delete(entry.path);
    await Promise.all(this.leases.all().filter((l) => l.mount === entry).map((l) => this.leases.revoke(l.id).catch(() => {})));
    if (entry.table === 'auth') {
      for (const token of this.tokens.all()) if (token.mount === entry) this.tokens.revoke(token);
    }
    await entry.backend.close?.();
  }

  async close(): Promise<void> {
    await this.leases.revokeAll();
    this.timers.clear();
    this.tokens.clear();
    this.wrapping.clear();
    const backends = new Set<Backend>();
    for (const ns of this.namespaces.all()) {
      for (const m of [...ns.secretMounts.values(), ...ns.authMounts.values()]) backends.add(m.backend);
    }
    await Promise.all([...backends].map((b) => b.close?.().catch(() => {})));
  }
}

function toOperation(method: string, query: URLSearchParams): Operation {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return query.get('list') === 'true' ? 'list' : 'read';
    case 'LIST':
      return 'list';
    case 'POST':
    case 'PUT':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'PATCH':
      return 'patch';
    default:
      throw new VaultError(405, [multiError('unsupported operation')]);
  }
}
