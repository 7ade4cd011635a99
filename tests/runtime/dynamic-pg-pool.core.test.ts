// The pool core against a real PostgreSQL (scram-sha-256) with real, expiring roles; no Vault involved here.
import { inspect } from 'node:util';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../runtime/src/logger.js';
import { DynamicPgPool, type DynamicPoolSettings } from '../../runtime/src/pg/dynamic-pool.js';
import { DynamicPgPoolError } from '../../runtime/src/pg/errors.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { RoleCredentialSource, waitFor, type RoleSourceOptions } from './dynamic-pg-pool.role-source.js';

const GROUP = 'core_app';
let server: TestPostgres;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  const setup = new RoleCredentialSource(server, { ttlSec: 1, maxTtlSec: 1, group: GROUP });
  await setup.admin().query(`CREATE ROLE ${GROUP} NOLOGIN`);
  await setup.admin().query('CREATE SEQUENCE probe_seq');
  await setup.admin().query(`GRANT USAGE, SELECT ON SEQUENCE probe_seq TO ${GROUP}`);
  await setup.close();
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

afterAll(async () => {
  await server?.stop();
});

interface Harness {
  pool: DynamicPgPool;
  source: RoleCredentialSource;
  logs: string[];
  rotations: [string, string][];
}

function harness(
  sourceOptions: Partial<RoleSourceOptions> = {},
  settings: Partial<DynamicPoolSettings> = {},
  poolOptions: pg.PoolConfig = {},
): Harness {
  const source = new RoleCredentialSource(server, { ttlSec: 60, maxTtlSec: 120, group: GROUP, ...sourceOptions });
  const logs: string[] = [];
  const logger: Logger = {
    debug: (m) => logs.push(m),
    info: (m) => logs.push(m),
    warn: (m) => logs.push(m),
    error: (m) => logs.push(m),
  };
  const pool = new DynamicPgPool({
    source,
    logger,
    pool: { host: server.host, port: server.port, database: server.database, max: 4, ...poolOptions },
    ...settings,
  });
  const rotations: [string, string][] = [];
  pool.on('rotate', (oldLeaseId: string, newLeaseId: string) => rotations.push([oldLeaseId, newLeaseId]));
  cleanups.push(async () => {
    if (!pool.ending) await pool.end();
    await source.close();
  });
  return { pool, source, logs, rotations };
}

async function currentUser(queryable: { query(text: string): Promise<pg.QueryResult> }): Promise<string> {
  const { rows } = await queryable.query('SELECT current_user AS name');
  return rows[0].name as string;
}

describe('DynamicPgPool core', () => {
  it('fetches credentials on first use and logs in as the leased role', async () => {
    const { pool, source } = harness();
    expect(source.issued).toHaveLength(0);
    expect(pool.currentLease()).toBeUndefined();
    const user = await currentUser(pool);
    expect(source.issued).toHaveLength(1);
    expect(user).toBe(source.issued[0].username);
    const lease = pool.currentLease()!;
    expect(lease.username).toBe(user);
    expect(lease.leaseId).toBe(source.issued[0].leaseId);
    expect(lease.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('shares one fetch among concurrent first queries', async () => {
    const { pool, source } = harness();
    const users = await Promise.all(Array.from({ length: 12 }, () => currentUser(pool)));
    expect(source.issued).toHaveLength(1);
    expect(new Set(users)).toEqual(new Set([source.issued[0].username]));
  });

  it('never shows the password in inspect(), the lease info or its warnings', async () => {
    const { pool, source, logs } = harness({}, {}, {});
    await pool.query('SELECT 1');
    const client = await pool.connect();
    const password = source.issued[0].password;
    expect(inspect(pool, { depth: 8, showHidden: false })).not.toContain(password);
    expect(inspect(client, { depth: 4 })).not.toContain(password);
    expect(JSON.stringify(pool.currentLease())).not.toContain(password);
    client.release();
    expect(logs.join('\n')).not.toContain(password);
  });

  it('sends new work to the new pool at once and lets a checked-out client of the old one finish', async () => {
    const { pool, source, rotations } = harness();
    const held = await pool.connect();
    const oldUser = await currentUser(held);
    const oldLease = pool.currentLease()!.leaseId;

    const next = await pool.rotate();
    expect(next.username).not.toBe(oldUser);
    expect(rotations).toEqual([[oldLease, next.leaseId]]);
    expect(await currentUser(pool)).toBe(next.username);

    // The old role lives on while its client is checked out, and that client keeps working.
    expect(await source.liveRoles()).toContain(oldUser);
    await held.query('BEGIN');
    await held.query('SELECT 1');
    await held.query('COMMIT');
    expect(source.revoked).not.toContain(oldLease);

    held.release();
    await waitFor(() => source.revoked.includes(oldLease), 'the old lease to be revoked');
    expect(await source.liveRoles()).not.toContain(oldUser);
    expect(await source.sessionUsers()).not.toContain(oldUser);
  });

  it('moves requests waiting for a client to the new pool instead of stranding them in the old one', async () => {
    const { pool, source } = harness({}, {}, { max: 2 });
    const a = await pool.connect();
    const b = await pool.connect();
    const oldUser = await currentUser(a);
    const waiting = Array.from({ length: 3 }, () => currentUser(pool));
    const viaCallback = new Promise<string>((resolve, reject) => {
      pool.query('SELECT current_user AS name', (error: Error | undefined, result?: pg.QueryResult) =>
        error ? reject(error) : resolve(result!.rows[0].name),
      );
    });
    await waitFor(() => pool.waitingCount === 4, 'four waiting requests');

    const next = await pool.rotate();
    a.release();
    b.release();
    const users = await Promise.all([...waiting, viaCallback]);
    expect(users).toEqual([next.username, next.username, next.username, next.username]);
    expect(pool.waitingCount).toBe(0);
    await waitFor(async () => !(await source.liveRoles()).includes(oldUser), 'the old role to be dropped');
  });

  it('times a waiting request out with connectionTimeoutMillis, as pg.Pool does, and keeps serving', async () => {
    const { pool } = harness({}, {}, { max: 1, connectionTimeoutMillis: 150 });
    const held = await pool.connect();
    const error = await pool.query('SELECT 1').catch((e: unknown) => e);
    expect((error as Error).message).toBe('timeout exceeded when trying to connect');
    expect(pool.waitingCount).toBe(0);
    held.release();
    expect((await pool.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('heals credentials revoked behind its back with exactly one rotation, shared by concurrent queries', async () => {
    const { pool, source, rotations } = harness();
    await Promise.all(Array.from({ length: 4 }, () => pool.query('SELECT pg_sleep(0.05)')));
    const revokedLease = pool.currentLease()!;
    await source.revokeBehindBack(revokedLease.leaseId);
    await waitFor(() => pool.totalCount === 0, 'the terminated connections to leave the pool');

    const users = await Promise.all(Array.from({ length: 6 }, () => currentUser(pool)));
    expect(rotations).toHaveLength(1);
    expect(rotations[0][0]).toBe(revokedLease.leaseId);
    expect(source.issued).toHaveLength(2);
    expect(new Set(users)).toEqual(new Set([source.issued[1].username]));
  });

  it('throws the second refusal with its cause and SQLSTATE after one rotation', async () => {
    const { pool, source, logs } = harness();
    source.wrongPassword = true;
    const error = await pool.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamicPgPoolError);
    const failure = error as DynamicPgPoolError;
    expect(failure.reason).toBe('authentication-failed');
    expect(failure.code).toBe('28P01');
    expect((failure.cause as { code?: string }).code).toBe('28P01');
    expect(failure.message).toContain(source.issued[1].username);
    expect(failure.message).toContain(source.description);
    expect(source.issued).toHaveLength(2);
    for (const { password } of source.issued) {
      expect(failure.message).not.toContain(password);
      expect(inspect(failure)).not.toContain(password);
      expect(logs.join('\n')).not.toContain(password);
    }
  });

  it('never retries once a statement was sent, even when it fails with an authentication SQLSTATE', async () => {
    const { pool, source } = harness();
    const before = (await pool.query<{ n: string }>(`SELECT nextval('probe_seq') AS n`)).rows[0].n;
    const error = await pool
      .query(`DO $$ BEGIN PERFORM nextval('probe_seq'); RAISE EXCEPTION 'refused' USING ERRCODE = '28P01'; END $$`)
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('28P01');
    expect(error).not.toBeInstanceOf(DynamicPgPoolError);
    const after = (await pool.query<{ n: string }>('SELECT last_value AS n FROM probe_seq')).rows[0].n;
    expect(Number(after) - Number(before)).toBe(1);
    expect(source.issued).toHaveLength(1);
  });

  it('renews the lease and rotates under load when the max TTL comes, without a failed query', async () => {
    const { pool, source, rotations } = harness({ ttlSec: 2, maxTtlSec: 3 });
    let failures = 0;
    let queries = 0;
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop) {
        try {
          await pool.query('SELECT pg_sleep(0.005)');
          queries++;
        } catch {
          failures++;
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await waitFor(() => rotations.length >= 2, 'two rotations', 20_000);
    stop = true;
    await Promise.all(workers);
    expect(failures).toBe(0);
    expect(queries).toBeGreaterThan(50);
    expect(source.renewals).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await source.liveRoles()).length === 1, 'only the current role to remain');
    expect(await source.liveRoles()).toEqual([pool.currentLease()!.username]);
  });

  it('keeps the current pool while Vault is down, then fails with a clear error past the lease end, then heals', async () => {
    const { pool, source } = harness({ ttlSec: 2, maxTtlSec: 2, renewable: false });
    const firstUser = await currentUser(pool);
    const firstLease = pool.currentLease()!;
    source.unavailable = true;
    await waitFor(() => source.acquireFailures >= 1, 'a failed rotation attempt');
    expect(Date.now()).toBeLessThan(firstLease.expiresAt.getTime());
    expect(await currentUser(pool)).toBe(firstUser);

    await waitFor(() => Date.now() > firstLease.expiresAt.getTime(), 'the lease end');
    const error = await pool.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamicPgPoolError);
    const failure = error as DynamicPgPoolError;
    expect(failure.reason).toBe('credentials-expired');
    expect(failure.message).toContain(source.description);
    expect(failure.message).toContain(firstUser);
    expect(failure.message).not.toContain(source.issued[0].password);
    expect(pool.currentLease()).toBeUndefined();
    await waitFor(async () => !(await source.sessionUsers()).includes(firstUser), 'the expired sessions to close');

    source.unavailable = false;
    await waitFor(() => pool.currentLease() !== undefined, 'the background retry to obtain credentials', 10_000);
    expect(await currentUser(pool)).toBe(source.issued[1].username);
  });

  it('ends: serves waiting requests, ends every pool, revokes every lease, and refuses new work like pg.Pool', async () => {
    const { pool, source } = harness({}, {}, { max: 1 });
    const held = await pool.connect();
    await pool.rotate();
    const queued = currentUser(pool);
    const ended = pool.end();
    await expect(pool.query('SELECT 1')).rejects.toThrow('Cannot use a pool after calling end on the pool');
    await expect(pool.end()).rejects.toThrow('Called end on pool more than once');
    held.release();
    expect(await queued).toBe(source.issued[1].username);
    await ended;
    expect(pool.ended).toBe(true);
    expect(pool.totalCount).toBe(0);
    expect(source.revoked).toEqual(expect.arrayContaining(source.issued.map((c) => c.leaseId)));
    expect(await source.liveRoles()).toEqual([]);
  });

  it('ignores user and password given in the options or the connection string, with a warning naming them only', async () => {
    const source = new RoleCredentialSource(server, { ttlSec: 60, maxTtlSec: 60, group: GROUP });
    const logs: string[] = [];
    const pool = new DynamicPgPool({
      source,
      logger: { warn: (m) => logs.push(m), error: (m) => logs.push(m) },
      pool: {
        user: 'static_user',
        password: 'static-password-1',
        connectionString: `postgres://url_user:url-password-2@${server.host}:${server.port}/${server.database}?password=query-password-3`,
      },
    });
    cleanups.push(async () => {
      await pool.end();
      await source.close();
    });
    expect(await currentUser(pool)).toBe(source.issued[0].username);
    const text = logs.join('\n');
    expect(text).toMatch(/ignoring user, password, the user in connectionString, the password in connectionString/);
    for (const secret of ['static-password-1', 'url-password-2', 'query-password-3', source.issued[0].password]) {
      expect(text).not.toContain(secret);
      expect(inspect(pool, { depth: 8 })).not.toContain(secret);
    }
    expect(pool.options.connectionString).toBe(`postgres://${server.host}:${server.port}/${server.database}`);
  });

  it('offers the pg.Pool surface: query overloads, callbacks, counts and events', async () => {
    const { pool } = harness();
    const asPool: pg.Pool = pool; // DynamicPgPool type-checks where a pg.Pool is expected
    const connects: unknown[] = [];
    asPool.on('connect', (client) => connects.push(client));

    const byConfig = await pool.query<{ n: number }>({ text: 'SELECT $1::int AS n', values: [7] });
    expect(byConfig.rows).toEqual([{ n: 7 }]);
    const asArrays = await pool.query<[number]>({ text: 'SELECT 1::int, 2::int', rowMode: 'array' });
    expect(asArrays.rows).toEqual([[1, 2]]);
    const withValues = await new Promise<pg.QueryResult>((resolve, reject) =>
      pool.query('SELECT $1::text AS t', ['x'], (error: Error | undefined, result?: pg.QueryResult) =>
        error ? reject(error) : resolve(result!),
      ),
    );
    expect(withValues.rows).toEqual([{ t: 'x' }]);
    await expect(pool.query('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: '42P01' });

    const viaCallback = await new Promise<pg.PoolClient>((resolve, reject) =>
      pool.connect((error, client) => (error ? reject(error) : resolve(client!))),
    );
    expect(pool.totalCount).toBeGreaterThanOrEqual(1);
    expect(pool.waitingCount).toBe(0);
    viaCallback.release();
    expect(pool.idleCount).toBe(pool.totalCount);
    // Like pg.Pool, a query error discards its connection: one connection before the failed query, one after.
    expect(pool.totalCount).toBe(1);
    expect(connects).toHaveLength(2);
    expect(() => viaCallback.release()).toThrow(/already been released/);
  });

  it('reports an idle connection failure as an error event, or logs it when nobody listens, never crashing', async () => {
    const { pool, source, logs } = harness();
    await pool.query('SELECT 1');
    const admin = source.admin();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      pool.currentLease()!.username,
    ]);
    await waitFor(() => pool.totalCount === 0, 'the failed idle client to be removed');
    expect(logs.some((line) => line.includes('idle PostgreSQL connection failed'))).toBe(true);

    const events: Error[] = [];
    pool.on('error', (error: Error) => events.push(error));
    await pool.query('SELECT 1');
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      pool.currentLease()!.username,
    ]);
    await waitFor(() => events.length === 1, 'an error event');
    expect(await currentUser(pool)).toBe(source.issued[0].username);
  });
});
