/**
 * The PostgreSQL database plugin: what Vault's postgresql-database-plugin does to the database.
 * - creation: the role's creation_statements in one transaction, with {{name}}/{{username}}, {{password}} and
 *   {{expiration}} ("2006-01-02 15:04:05-0700") filled in;
 * - renewal: renew_statements, by default ALTER ROLE "{{name}}" VALID UNTIL '{{expiration}}';
 * - revocation: revocation_statements, by default revoke the role's privileges, REVOKE CONNECT ON DATABASE and
 *   DROP ROLE IF EXISTS (open sessions are not terminated, as in Vault).
 */
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { base62 } from './ids.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const SYMBOLS = '-';

/** Vault's default password policy: 20 characters, at least one lower, upper, digit and "-". */
export function generatePassword(): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  for (;;) {
    let out = '';
    for (let i = 0; i < 20; i++) out += all[randomInt(all.length)];
    if ([LOWER, UPPER, DIGITS, SYMBOLS].every((set) => [...out].some((c) => set.includes(c)))) return out;
  }
}

/** The plugin's default username template: v-<display name, 8>-<role, 8>-<random 20>-<unix time>, max 63 chars. */
export function generateUsername(displayName: string, roleName: string, nowMs = Date.now()): string {
  return `v-${displayName.slice(0, 8)}-${roleName.slice(0, 8)}-${base62(20)}-${Math.floor(nowMs / 1000)}`.slice(0, 63);
}

/** Go's "2006-01-02 15:04:05-0700", in UTC. */
export function formatExpiration(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+0000`;
}

/** Vault splits each statement on ";" unless it contains a $$-quoted body. */
export function splitStatements(statements: string[]): string[] {
  const out: string[] = [];
  for (const stmt of statements) {
    const parts = stmt.includes('$$') ? [stmt] : stmt.split(';');
    for (const part of parts) if (part.trim()) out.push(part.trim());
  }
  return out;
}

export function fillTemplate(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [key, value] of Object.entries(values)) out = out.split(`{{${key}}}`).join(value);
  return out;
}

export const DEFAULT_RENEW_STATEMENT = `ALTER ROLE "{{name}}" VALID UNTIL '{{expiration}}';`;

export class PostgresPlugin {
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 4, idleTimeoutMillis: 1000, connectionTimeoutMillis: 5000, allowExitOnIdle: true });
    // An idle client losing its connection (server stopped) must not crash the process.
    this.pool.on('error', () => {});
  }

  async verify(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async createUser(statements: string[], username: string, password: string, expirationMs: number): Promise<void> {
    const values = { name: username, username, password, expiration: formatExpiration(expirationMs) };
    await this.inTransaction(splitStatements(statements).map((s) => fillTemplate(s, values)));
  }

  async renewUser(statements: string[], username: string, expirationMs: number): Promise<void> {
    const values = { name: username, username, expiration: formatExpiration(expirationMs) };
    const stmts = statements.length ? statements : [DEFAULT_RENEW_STATEMENT];
    await this.inTransaction(splitStatements(stmts).map((s) => fillTemplate(s, values)));
  }

  async revokeUser(statements: string[], username: string): Promise<void> {
    if (statements.length) {
      await this.inTransaction(splitStatements(statements).map((s) => fillTemplate(s, { name: username, username })));
      return;
    }
    await this.defaultRevoke(username);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }

  private async inTransaction(queries: string[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const query of queries) await client.query(query);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** The plugin's default revocation (defaultDeleteUser): strip privileges, then drop the role. */
  private async defaultRevoke(username: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username]);
      if (exists.rowCount === 0) return;
      const role = client.escapeIdentifier(username);
      const schemas = await client.query<{ table_schema: string }>(
        'SELECT DISTINCT table_schema FROM information_schema.role_column_grants WHERE grantee = $1',
        [username],
      );
      const statements: string[] = [];
      for (const { table_schema } of schemas.rows) {
        const schema = client.escapeIdentifier(table_schema);
        statements.push(`REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`, `REVOKE USAGE ON SCHEMA ${schema} FROM ${role}`);
      }
      statements.push(
        `REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM ${role}`,
        `REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM ${role}`,
        `REVOKE USAGE ON SCHEMA public FROM ${role}`,
      );
      const db = await client.query<{ current_database: string }>('SELECT current_database()');
      statements.push(`REVOKE CONNECT ON DATABASE ${client.escapeIdentifier(db.rows[0].current_database)} FROM ${role}`);
      // Like Vault: try every revocation even if one fails, and only then refuse to drop.
      let lastError: unknown;
      for (const statement of statements) await client.query(statement).catch((error: unknown) => (lastError = error));
      if (lastError) throw lastError;
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      client.release();
    }
  }
}
