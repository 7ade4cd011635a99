/**
 * The AppRole auth method: roles, role-id, secret-ids with num_uses and ttl, and login. A secret-id's last use
 * still logs in (then the secret-id is gone); unknown role ids, unknown or used-up secret-ids all answer
 * 400 "invalid role or secret ID". Expired secret-ids are refused at once (Vault's tidy may take a minute).
 */
import type { Backend, BackendRequest, BackendResponse } from './backend.js';
import { parseDurationSeconds } from './durations.js';
import { badRequest, internalError, notFound, unsupportedOperation, unsupportedPath } from './envelope.js';
import { uuid } from './ids.js';
import { checkTokenFields, defaultTokenParams, parseTokenFields, tokenFieldsData, tokenGrant, tokenRenewSettings, type TokenParams } from './token-params.js';

interface Role {
  name: string;
  roleId: string;
  bindSecretId: boolean;
  secretIdNumUses: number;
  secretIdTtl: number;
  token: TokenParams;
  secretIds: Map<string, SecretId>;
}

interface SecretId {
  secretId: string;
  accessor: string;
  numUses: number;
  ttl: number;
  creationTime: number;
  expirationTime: number | null;
  lastUpdatedTime: number;
  metadata: Record<string, string>;
}

export class AppRoleBackend implements Backend {
  readonly type = 'approle';
  private readonly roles = new Map<string, Role>();

  isLoginPath(path: string): boolean {
    return path === 'login';
  }

  exists(req: BackendRequest): boolean {
    const m = /^role\/([^/]+)$/.exec(req.path);
    return m ? this.roles.has(m[1].toLowerCase()) : true;
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    if (req.path === 'login') {
      if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
      return this.login(req);
    }
    if (req.path === 'role' || req.path === 'role/') {
      if (req.operation !== 'list') throw unsupportedOperation();
      if (this.roles.size === 0) throw notFound();
      return { data: { keys: [...this.roles.keys()].sort() } };
    }
    const m = /^role\/([^/]+)(?:\/(.+))?$/.exec(req.path);
    if (!m) throw unsupportedPath();
    const name = m[1].toLowerCase();
    const sub = m[2] ?? '';
    if (sub === '') return this.roleEndpoint(req, name);
    const role = this.roles.get(name);
    const write = req.operation === 'update' || req.operation === 'create';
    switch (sub) {
      case 'role-id':
        if (!role) throw badRequest(`role "${name}" does not exist`);
        if (write) {
          if (typeof req.body.role_id !== 'string' || !req.body.role_id) throw badRequest('missing role_id');
          role.roleId = req.body.role_id;
          return null;
        }
        return { data: { role_id: role.roleId } };
      case 'secret-id':
      case 'custom-secret-id':
        if (!role) throw badRequest(`role "${name}" does not exist`);
        if (req.operation === 'list') {
          if (role.secretIds.size === 0) throw notFound();
          return { data: { keys: [...role.secretIds.values()].map((s) => s.accessor) } };
        }
        if (!write) throw unsupportedOperation();
        return this.generateSecretId(role, req.body, sub === 'custom-secret-id');
      case 'secret-id/lookup':
      case 'secret-id/destroy':
      case 'secret-id-accessor/lookup':
      case 'secret-id-accessor/destroy': {
        if (!role) throw badRequest(`role "${name}" does not exist`);
        const byAccessor = sub.startsWith('secret-id-accessor');
        const wanted = String((byAccessor ? req.body.secret_id_accessor : req.body.secret_id) ?? '');
        const entry = [...role.secretIds.values()].find((s) => (byAccessor ? s.accessor : s.secretId) === wanted);
        if (sub.endsWith('destroy')) {
          if (entry) role.secretIds.delete(entry.secretId);
          return null;
        }
        if (!entry || isExpired(entry)) return null;
        return { data: secretIdInfo(entry) };
      }
      default:
        throw unsupportedPath();
    }
  }

  private roleEndpoint(req: BackendRequest, name: string): BackendResponse | null {
    const role = this.roles.get(name);
    switch (req.operation) {
      case 'read':
        if (!role) throw notFound();
        return {
          data: {
            bind_secret_id: role.bindSecretId,
            local_secret_ids: false,
            // The deprecated names, which Vault's AppRole still returns.
            period: role.token.period,
            policies: role.token.policies,
            secret_id_bound_cidrs: null,
            secret_id_num_uses: role.secretIdNumUses,
            secret_id_ttl: role.secretIdTtl,
            token_bound_cidrs: [],
            ...tokenFieldsData(role.token),
          },
        };
      case 'create':
      case 'update': {
        const b = req.body;
        const next: Role = role ?? {
          name,
          roleId: uuid(),
          bindSecretId: true,
          secretIdNumUses: 0,
          secretIdTtl: 0,
          token: defaultTokenParams(),
          secretIds: new Map(),
        };
        const updated: Role = { ...next };
        if (b.bind_secret_id !== undefined) updated.bindSecretId = b.bind_secret_id === true || b.bind_secret_id === 'true';
        if (b.secret_id_num_uses !== undefined) updated.secretIdNumUses = Number(b.secret_id_num_uses);
        if (b.secret_id_ttl !== undefined) updated.secretIdTtl = parseDurationSeconds(b.secret_id_ttl, 'secret_id_ttl');
        updated.token = parseTokenFields(b, next.token, { deprecatedPeriod: true });
        if (updated.secretIdNumUses < 0) throw badRequest('secret_id_num_uses cannot be negative');
        checkTokenFields(updated.token);
        if (!updated.bindSecretId) throw badRequest('at least one constraint should be enabled on the role');
        this.roles.set(name, updated);
        return null;
      }
      case 'delete':
        this.roles.delete(name);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  private generateSecretId(role: Role, body: Record<string, unknown>, custom: boolean): BackendResponse {
    let numUses = role.secretIdNumUses;
    if (body.num_uses !== undefined) {
      numUses = Number(body.num_uses);
      if (numUses < 0) throw badRequest('num_uses cannot be negative');
      if (role.secretIdNumUses > 0 && (numUses === 0 || numUses > role.secretIdNumUses)) {
        throw badRequest("num_uses cannot be higher than the role's secret_id_num_uses");
      }
    }
    let ttl = role.secretIdTtl;
    if (body.ttl !== undefined) {
      ttl = parseDurationSeconds(body.ttl, 'ttl');
      if (role.secretIdTtl > 0 && (ttl === 0 || ttl > role.secretIdTtl)) throw badRequest("ttl cannot be longer than the role's secret_id_ttl");
    }
    let metadata: Record<string, string> = {};
    if (typeof body.metadata === 'string' && body.metadata.trim()) {
      try {
        metadata = Object.fromEntries(Object.entries(JSON.parse(body.metadata) as object).map(([k, v]) => [k, String(v)]));
      } catch {
        throw badRequest('failed to parse metadata: invalid JSON');
      }
    }
    const secretId = custom ? String(body.secret_id ?? '') : uuid();
    if (!secretId) throw badRequest('missing secret_id');
    const now = Date.now();
    const entry: SecretId = {
      secretId,
      accessor: uuid(),
      numUses,
      ttl,
      creationTime: now,
      expirationTime: ttl > 0 ? now + ttl * 1000 : null,
      lastUpdatedTime: now,
      metadata,
    };
    role.secretIds.set(secretId, entry);
    return {
      data: { secret_id: secretId, secret_id_accessor: entry.accessor, secret_id_ttl: ttl, secret_id_num_uses: numUses },
    };
  }

  private login(req: BackendRequest): BackendResponse {
    const roleId = String(req.body.role_id ?? '').trim();
    if (!roleId) throw badRequest('missing role_id');
    const role = [...this.roles.values()].find((r) => r.roleId === roleId);
    if (!role) throw badRequest('invalid role or secret ID');
    let metadata: Record<string, string> = {};
    if (role.bindSecretId) {
      const secretId = String(req.body.secret_id ?? '').trim();
      if (!secretId) throw badRequest('missing secret_id');
      const entry = role.secretIds.get(secretId);
      if (!entry || isExpired(entry)) {
        if (entry) role.secretIds.delete(secretId);
        throw badRequest('invalid role or secret ID');
      }
      if (entry.numUses > 0) {
        // The use that consumes the last one still succeeds; the secret-id is gone afterwards.
        if (entry.numUses === 1) role.secretIds.delete(secretId);
        else {
          entry.numUses -= 1;
          entry.lastUpdatedTime = Date.now();
        }
      }
      metadata = { ...entry.metadata };
    }
    metadata.role_name = role.name;
    const roleName = role.name;
    return {
      data: null,
      login: {
        ...tokenGrant(role.token),
        metadata,
        displayName: '',
        aliasName: role.roleId,
        renewSettings: () => {
          const current = this.roles.get(roleName);
          if (!current) throw internalError(`role "${roleName}" does not exist during renewal`);
          return tokenRenewSettings(current.token);
        },
      },
    };
  }
}

function isExpired(entry: SecretId): boolean {
  return entry.expirationTime !== null && entry.expirationTime <= Date.now();
}

function secretIdInfo(entry: SecretId): Record<string, unknown> {
  return {
    cidr_list: [],
    creation_time: new Date(entry.creationTime).toISOString(),
    expiration_time: entry.expirationTime === null ? '0001-01-01T00:00:00Z' : new Date(entry.expirationTime).toISOString(),
    last_updated_time: new Date(entry.lastUpdatedTime).toISOString(),
    metadata: entry.metadata,
    secret_id_accessor: entry.accessor,
    secret_id_num_uses: entry.numUses,
    secret_id_ttl: entry.ttl,
    token_bound_cidrs: [],
  };
}
