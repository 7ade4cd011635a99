/** Shared by the test-server suites: unique names, polling, and a PostgreSQL login probe. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestPostgres } from '../support/postgres.js';
import { vaultApi, type TestVault } from '../support/vault-env.js';

/** A name unique to this run, so suites can share a real Vault. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls check() until it returns true or timeoutMs passes; returns the last result. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/** Logs in to PostgreSQL with the given credentials; returns "ok" or the SQLSTATE of the failure. */
export async function tryLogin(db: TestPostgres, user: string, password: string): Promise<string> {
  const client = new pg.Client({ host: db.host, port: db.port, database: db.database, user, password });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one query as the superuser. */
export async function superQuery<T extends pg.QueryResultRow>(db: TestPostgres, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function roleExists(db: TestPostgres, name: string): Promise<boolean> {
  return (await superQuery(db, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).length > 0;
}

/** The eight keys every Vault JSON response carries. */
export const ENVELOPE_KEYS = ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth'];

/** Creates a token with the given policies (and options) using the admin token. */
export async function createToken(v: TestVault, body: Record<string, unknown>): Promise<string> {
  const res = await vaultApi(v, 'POST', 'auth/token/create', body);
  if (res.status !== 200) throw new Error(`token create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.auth.client_token as string;
}

export const isRealVault = (v: TestVault): boolean => v.server === undefined;
