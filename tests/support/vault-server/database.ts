/**
 * The database secrets engine (config/, roles/, creds/) with the PostgreSQL plugin. The superuser connection comes
 * from the config's connection_url with {{username}}/{{password}} filled in from its username/password, as in
 * Vault. Credentials are leased: the lease manager calls back here to renew (ALTER ROLE) and revoke (DROP ROLE).
 */
import type { Backend, BackendRequest, BackendResponse } from './backend.js';
import { parseDurationSeconds } from './durations.js';
import { badRequest, internalError, notFound, unsupportedOperation, unsupportedPath } from './envelope.js';
import { LeaseManager, type Lease } from './leases.js';
import { PostgresPlugin, fillTemplate, generatePassword, generateUsername } from './postgres-plugin.js';
import { listOf } from './token-backend.js';

const PLUGIN_NAME = 'postgresql-database-plugin';
/** Vault adds this to VALID UNTIL so the database never expires a credential before its lease. */
const EXPIRATION_GRACE_MS = 5000;

interface DbConfig {
  pluginName: string;
  connectionUrl: string;
  username: string;
  allowedRoles: string[];
  verifyConnection: boolean;
  plugin: PostgresPlugin;
}

interface DbRole {
  dbName: string;
  creationStatements: string[];
  revocationStatements: string[];
  renewStatements: string[];
  rollbackStatements: string[];
  defaultTtl: number;
  maxTtl: number;
}

export class DatabaseBackend implements Backend {
  readonly type = 'database';
  private readonly configs = new Map<string, DbConfig>();
  private readonly roles = new Map<string, DbRole>();

  exists(req: BackendRequest): boolean {
    const [section, name] = splitOnce(req.path);
    if (section === 'config') return this.configs.has(name);
    if (section === 'roles') return this.roles.has(name);
    return true;
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    const [section, name] = splitOnce(req.path);
    if (name === '' && (section === 'config' || section === 'roles')) {
      if (req.operation !== 'list') throw unsupportedOperation();
      const keys = [...(section === 'config' ? this.configs : this.roles).keys()].sort();
      if (keys.length === 0) throw notFound();
      return { data: { keys } };
    }
    switch (section) {
      case 'config':
        return this.configEndpoint(req, name);
      case 'roles':
        return this.roleEndpoint(req, name);
      case 'creds':
        if (req.operation !== 'read') throw unsupportedOperation();
        return this.creds(req, name);
      default:
        throw unsupportedPath();
    }
  }

  private async configEndpoint(req: BackendRequest, name: string): Promise<BackendResponse | null> {
    const existing = this.configs.get(name);
    switch (req.operation) {
      case 'read':
        if (!existing) throw notFound();
        return {
          data: {
            allowed_roles: existing.allowedRoles,
            connection_details: { connection_url: existing.connectionUrl, username: existing.username },
            password_policy: '',
            plugin_name: existing.pluginName,
            plugin_version: '',
            root_credentials_rotate_statements: [],
            verify_connection: existing.verifyConnection,
          },
        };
      case 'create':
      case 'update': {
        const b = req.body;
        const pluginName = String(b.plugin_name ?? existing?.pluginName ?? '');
        if (!pluginName) throw badRequest('empty plugin name');
        if (pluginName !== PLUGIN_NAME) throw badRequest(`error creating database object: plugin "${pluginName}" is not available in the test server`);
        const connectionUrl = String(b.connection_url ?? existing?.connectionUrl ?? '');
        if (!connectionUrl) throw badRequest('error creating database object: connection_url cannot be empty');
        const username = String(b.username ?? existing?.username ?? '');
        const password = String(b.password ?? '');
        const verifyConnection = b.verify_connection !== false;
        const plugin = new PostgresPlugin(templateConnectionUrl(connectionUrl, username, password));
        if (verifyConnection) {
          try {
            await plugin.verify();
          } catch (error) {
            await plugin.close();
            throw badRequest(`error creating database object: error verifying connection: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        await existing?.plugin.close();
        this.configs.set(name, {
          pluginName,
          connectionUrl,
          username,
          allowedRoles: b.allowed_roles !== undefined ? listOf(b.allowed_roles) : existing?.allowedRoles ?? [],
          verifyConnection,
          plugin,
        });
        return hasLiteralPassword(connectionUrl)
          ? { data: null, warnings: ['Password found in connection_url, use a templated url to enable root rotation and prevent read access to password information.'] }
          : null;
      }
      case 'delete':
        await existing?.plugin.close();
        this.configs.delete(name);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  private roleEndpoint(req: BackendRequest, name: string): BackendResponse | null {
    const existing = this.roles.get(name);
    switch (req.operation) {
      case 'read':
        if (!existing) throw notFound();
        return {
          data: {
            creation_statements: existing.creationStatements,
            credential_type: 'password',
            db_name: existing.dbName,
            default_ttl: existing.defaultTtl,
            max_ttl: existing.maxTtl,
            renew_statements: existing.renewStatements,
            revocation_statements: existing.revocationStatements,
            rollback_statements: existing.rollbackStatements,
          },
        };
      case 'create':
      case 'update': {
        const b = req.body;
        const role: DbRole = {
          dbName: String(b.db_name ?? existing?.dbName ?? ''),
          creationStatements: b.creation_statements !== undefined ? statementsOf(b.creation_statements) : existing?.creationStatements ?? [],
          revocationStatements: b.revocation_statements !== undefined ? statementsOf(b.revocation_statements) : existing?.revocationStatements ?? [],
          renewStatements: b.renew_statements !== undefined ? statementsOf(b.renew_statements) : existing?.renewStatements ?? [],
          rollbackStatements: b.rollback_statements !== undefined ? statementsOf(b.rollback_statements) : existing?.rollbackStatements ?? [],
          defaultTtl: b.default_ttl !== undefined ? parseDurationSeconds(b.default_ttl, 'default_ttl') : existing?.defaultTtl ?? 0,
          maxTtl: b.max_ttl !== undefined ? parseDurationSeconds(b.max_ttl, 'max_ttl') : existing?.maxTtl ?? 0,
        };
        if (!role.dbName) throw badRequest('empty database name attribute');
        if (role.creationStatements.length === 0) throw badRequest('empty creation statements');
        if (role.maxTtl > 0 && role.defaultTtl > role.maxTtl) throw badRequest('ttl cannot be greater than max_ttl');
        this.roles.set(name, role);
        return null;
      }
      case 'delete':
        this.roles.delete(name);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  private async creds(req: BackendRequest, name: string): Promise<BackendResponse> {
    const role = this.roles.get(name);
    if (!role) throw badRequest(`unknown role: ${name}`);
    const config = this.configs.get(role.dbName);
    if (!config) throw internalError(`could not find database with name "${role.dbName}"`);
    if (!config.allowedRoles.includes('*') && !config.allowedRoles.includes(name)) throw internalError(`"${name}" is not an allowed role`);
    const { ttl } = LeaseManager.initialTtl(req.mount, { ttl: role.defaultTtl, maxTtl: role.maxTtl });
    const username = generateUsername(req.token?.displayName ?? 'token', name);
    const password = generatePassword();
    try {
      await config.plugin.createUser(role.creationStatements, username, password, Date.now() + ttl * 1000 + EXPIRATION_GRACE_MS);
    } catch (error) {
      throw internalError(`failed to create user: ${error instanceof Error ? error.message : String(error)}`);
    }
    return {
      data: { username, password },
      secret: { ttl: role.defaultTtl, maxTtl: role.maxTtl, renewable: true, internal: { username, role: name, db_name: role.dbName } },
    };
  }

  secretSettings(lease: Lease): { ttl: number; maxTtl: number } {
    const role = this.roles.get(String(lease.internal.role));
    if (!role) throw badRequest(`error during renew: could not find role with name "${String(lease.internal.role)}"`);
    return { ttl: role.defaultTtl, maxTtl: role.maxTtl };
  }

  async renewSecret(lease: Lease, ttl: number): Promise<void> {
    const role = this.roles.get(String(lease.internal.role));
    const config = this.configs.get(String(lease.internal.db_name));
    if (!config) throw internalError(`error during renew: could not find database with name "${String(lease.internal.db_name)}"`);
    await config.plugin.renewUser(role?.renewStatements ?? [], String(lease.internal.username), Date.now() + ttl * 1000 + EXPIRATION_GRACE_MS);
  }

  async revokeSecret(lease: Lease): Promise<void> {
    const role = this.roles.get(String(lease.internal.role));
    const config = this.configs.get(String(lease.internal.db_name));
    if (!config) throw new Error(`could not find database with name "${String(lease.internal.db_name)}"`);
    await config.plugin.revokeUser(role?.revocationStatements ?? [], String(lease.internal.username));
  }

  async close(): Promise<void> {
    await Promise.all([...this.configs.values()].map((c) => c.plugin.close()));
    this.configs.clear();
  }
}

/** A password written into connection_url itself (not the {{password}} template): Vault warns about it. */
function hasLiteralPassword(connectionUrl: string): boolean {
  try {
    const password = decodeURIComponent(new URL(connectionUrl).password);
    return password !== '' && password !== '{{password}}';
  } catch {
    return false;
  }
}

function splitOnce(path: string): [string, string] {
  const slash = path.indexOf('/');
  return slash < 0 ? [path, ''] : [path.slice(0, slash), path.slice(slash + 1)];
}

function statementsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s.trim());
  if (typeof value === 'string' && value.trim()) return [value];
  return [];
}

/** Fills {{username}}/{{password}}; URL-escaped inside a URL, raw in a key=value DSN. */
function templateConnectionUrl(url: string, username: string, password: string): string {
  const isUrl = url.includes('://');
  const enc = (v: string): string => (isUrl ? encodeURIComponent(v) : v);
  return fillTemplate(url, { username: enc(username), password: enc(password) });
}
