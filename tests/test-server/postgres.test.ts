/** The PostgreSQL harness: a private scram-sha-256 cluster, and the MCP_SECRETS_PG_URL override. */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { superQuery, tryLogin } from './helpers.js';

let db: TestPostgres;

beforeAll(async () => {
  db = await startTestPostgres();
});
afterAll(async () => {
  await db.stop();
});

describe('startTestPostgres', () => {
  it('runs with scram-sha-256 everywhere (passwords are checked)', async () => {
    const rules = await superQuery<{ auth_method: string }>(db, 'SELECT auth_method FROM pg_hba_file_rules');
    expect(new Set(rules.map((r) => r.auth_method))).toEqual(new Set(['scram-sha-256']));
    expect(await tryLogin(db, db.user, db.password)).toBe('ok');
    expect(await tryLogin(db, db.user, 'not-the-password')).toBe('28P01');
  });

  it('enforces VALID UNTIL for new logins', async () => {
    await superQuery(db, `CREATE ROLE expired_user LOGIN PASSWORD 'pw-expired-1' VALID UNTIL '2000-01-01 00:00:00+0000'`);
    expect(await tryLogin(db, 'expired_user', 'pw-expired-1')).toBe('28P01');
  });

  it('MCP_SECRETS_PG_URL gives each caller a fresh database on that server, dropped by stop()', async () => {
    process.env.MCP_SECRETS_PG_URL = db.url;
    let shared: TestPostgres | undefined;
    try {
      shared = await startTestPostgres();
      expect(shared.port).toBe(db.port);
      expect(shared.database).not.toBe(db.database);
      const client = new pg.Client({ connectionString: shared.url });
      await client.connect();
      expect((await client.query('SELECT current_database() AS name')).rows[0].name).toBe(shared.database);
      await client.end();
    } finally {
      delete process.env.MCP_SECRETS_PG_URL;
      await shared?.stop();
    }
    const rows = await superQuery(db, 'SELECT 1 FROM pg_database WHERE datname = $1', [shared!.database]);
    expect(rows).toHaveLength(0);
  });

  it('stop() removes the cluster\'s data directory', async () => {
    const other = await startTestPostgres();
    const [{ data_directory: dir }] = await superQuery<{ data_directory: string }>(other, 'SHOW data_directory');
    expect(existsSync(dir)).toBe(true);
    await other.stop();
    expect(existsSync(dir)).toBe(false);
  });
});
