/** auth/token/: create, lookup, renew and revoke tokens (self, by id, by accessor). */
import type { Backend, BackendRequest, BackendResponse } from './backend.js';
import type { VaultCore } from './core.js';
import { parseDurationSeconds } from './durations.js';
import { VaultError, badRequest, unsupportedOperation, unsupportedPath } from './envelope.js';
import { sanitizePolicies } from './policy.js';
import type { TokenEntry } from './token-store.js';

export class TokenBackend implements Backend {
  readonly type = 'token';

  constructor(private readonly core: VaultCore) {}

  isRootPath(path: string): boolean {
    return path.startsWith('revoke-orphan') || path.startsWith('accessors');
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    const tokens = this.core.tokens;
    const caller = req.token;
    if (!caller) throw new VaultError(403, ['permission denied']);
    const write = req.operation === 'update' || req.operation === 'create';
    switch (req.path) {
      case 'create':
      case 'create-orphan':
        if (!write) throw unsupportedOperation();
        return this.create(req, caller, req.path === 'create-orphan');
      case 'lookup-self':
        return { data: tokens.lookupData(caller) };
      case 'lookup': {
        const id = typeof req.body.token === 'string' ? req.body.token : undefined;
        if (!id) return { data: tokens.lookupData(caller) };
        const entry = tokens.lookup(id);
        if (!entry) throw new VaultError(403, ['bad token']);
        return { data: tokens.lookupData(entry) };
      }
      case 'lookup-accessor': {
        const entry = tokens.lookupAccessor(String(req.body.accessor ?? ''));
        if (!entry) throw badRequest('invalid accessor');
        return { data: tokens.lookupData(entry, false) };
      }
      case 'renew-self':
        if (!write) throw unsupportedOperation();
        return this.renew(caller, req.body.increment);
      case 'renew': {
        if (!write) throw unsupportedOperation();
        const entry = tokens.lookup(String(req.body.token ?? ''));
        if (!entry) throw badRequest('token not found');
        return this.renew(entry, req.body.increment);
      }
      case 'renew-accessor': {
        if (!write) throw unsupportedOperation();
        const entry = tokens.lookupAccessor(String(req.body.accessor ?? ''));
        if (!entry) throw badRequest('invalid accessor');
        const resp = this.renew(entry, req.body.increment);
        resp.auth = tokens.authBlock(entry, false);
        return resp;
      }
      case 'revoke-self':
        if (!write) throw unsupportedOperation();
        tokens.revoke(caller);
        return null;
      case 'revoke':
      case 'revoke-orphan': {
        if (!write) throw unsupportedOperation();
        const entry = tokens.lookup(String(req.body.token ?? ''));
        if (entry) tokens.revoke(entry, req.path === 'revoke-orphan');
        return null;
      }
      case 'revoke-accessor': {
        if (!write) throw unsupportedOperation();
        const entry = tokens.lookupAccessor(String(req.body.accessor ?? ''));
        if (entry) tokens.revoke(entry);
        return null;
      }
      case 'accessors':
      case 'accessors/':
        if (req.operation !== 'list') throw unsupportedOperation();
        return { data: { keys: tokens.all().filter((t) => t.namespace === req.namespace).map((t) => t.accessor) } };
      default:
        throw unsupportedPath();
    }
  }

  private renew(entry: TokenEntry, rawIncrement: unknown): BackendResponse {
    const increment = parseDurationSeconds(rawIncrement, 'increment');
    const { warnings } = this.core.tokens.renew(entry, increment);
    return { auth: this.core.tokens.authBlock(entry), warnings };
  }

  private create(req: BackendRequest, parent: TokenEntry, orphanPath: boolean): BackendResponse {
    const body = req.body;
    const isRoot = parent.policies.includes('root');
    if (body.id !== undefined && !isRoot) throw badRequest('root or sudo privileges required to specify token id');
    if (body.no_parent === true && !isRoot) throw badRequest('root or sudo privileges required to create orphan token');
    if (body.type !== undefined && body.type !== 'service' && body.type !== 'default-service' && body.type !== '') {
      throw badRequest(`the test server only issues service tokens, not "${String(body.type)}"`);
    }
    let requested = listOf(body.policies);
    if (requested.length === 0) requested = parent.policies.filter((p) => isRoot || p !== 'root');
    const noDefault = body.no_default_policy === true;
    const policies = sanitizePolicies(requested, !noDefault);
    if (!isRoot) {
      const allowed = new Set(parent.policies);
      const wanted = policies.filter((p) => p !== 'default' || !noDefault);
      if (!wanted.every((p) => allowed.has(p) || p === 'default')) throw badRequest('child policies must be subset of parent');
    }
    const displayName = typeof body.display_name === 'string' && body.display_name ? `token-${body.display_name}` : 'token';
    const meta = body.meta && typeof body.meta === 'object' ? Object.fromEntries(Object.entries(body.meta).map(([k, v]) => [k, String(v)])) : null;
    const ttl = parseDurationSeconds(body.ttl ?? body.lease, 'ttl');
    const { entry, warnings } = this.core.tokens.create({
      namespace: req.namespace,
      mount: req.mount,
      policies,
      meta,
      displayName,
      path: `auth/token/${req.path}`,
      parentId: orphanPath || body.no_parent === true ? null : parent.id,
      ttl,
      explicitMaxTtl: parseDurationSeconds(body.explicit_max_ttl, 'explicit_max_ttl'),
      period: parseDurationSeconds(body.period, 'period'),
      numUses: Number(body.num_uses ?? 0) || 0,
      renewable: body.renewable !== false,
      id: typeof body.id === 'string' && body.id ? body.id : undefined,
      allowNoExpiry: policies.includes('root'),
    });
    return { auth: this.core.tokens.authBlock(entry), warnings };
  }
}

/** A list given as an array or a comma-separated string. */
export function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  return [];
}
