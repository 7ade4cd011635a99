// Acceptance of issue 5: createDynamicPgPool against the Vault-compatible test server (or a real Vault, see
// tests/support/vault-env.ts) and a real PostgreSQL with scram-sha-256. Vault's database engine creates, renews and
// drops the roles; nothing here is mocked.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appRole,
  createDynamicPgPool,
  createVaultClient,
  DynamicPgPoolError,
  type DynamicPgPool,
  type Logger,
  type VaultClient,
} from '../../runtime/src/index.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { setupAppRole, setupDatabase, startTestVault, writePolicy, type TestVault } from '../support/vault-env.js';
import { waitFor } from './dynamic-pg-pool.role-source.js';

const suffix = randomBytes(3).toString('hex');
const MOUNT = `db-${suffix}`;
/** Rotates every ~2 s: a 2 s lease renewed once, then capped by the 3 s max TTL. */
const SHORT_ROLE = `sh${suffix}`;
const LONG_ROLE = `lg${suffix}`;

let postgres: TestPostgres;
let testVault: TestVault;
let admin: pg.Pool;
let appRoleLogin: { roleId: string; secretId: string };
const clients: VaultClient[] = [];
const logLines: string[] = [];
const logger: Logger = {
  debug: (m) => logLines.push(m),
  info: (m) => logLines.push(m),
  warn: (m) => logLines.push(m),
  error: (m) => logLines.push(m),
};

beforeAll(async () => {
  postgres = await startTestPostgres();
  testVault = await startTestVault();
  admin = new pg.Pool({ connectionString: postgres.url, max: 2 });
  // pg-pool's end() resolves before its sockets have closed; PostgreSQL stopping right after may still reach one.
  admin.on('error', () => undefined);
  // Tables exist before any role is issued: the documented creation statements grant SELECT on existing tables.
  await admin.query('CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text)');
  await admin.query(`INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g ON CONFLICT DO NOTHING`);
  await setupDatabase(testVault, postgres, { mount: MOUNT, role: SHORT_ROLE, defaultTtl: '2s', maxTtl: '3s' });
  await setupDatabase(testVault, postgres, { mount: MOUNT, role: LONG_ROLE, defaultTtl: '1h', maxTtl: '2h' });
  const policy = `pg-pool-${suffix}`;
  await writePolicy(testVault, policy, {
    [`${MOUNT}/creds/*`]: ['read'],
    'sys/leases/renew': ['update'],
    'sys/leases/revoke': ['update'],
  });
  appRoleLogin = await setupAppRole(testVault, { role: `pg-pool-${suffix}`, policies: [policy], tokenTtl: '1h' });
});

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await admin?.end();
  await testVault?.close();
  await postgres?.stop();
});

function vaultClient(requestTimeoutMs = 10_000): VaultClient {
  const client = createVaultClient({
    address: testVault.address,
    auth: appRole({ roleId: appRoleLogin.roleId, secretId: appRoleLogin.secretId }),
    logger,
    requestTimeoutMs,
  });
  clients.push(client);
  return client;
}

interface Observed {
  pool: DynamicPgPool;
  /** Every PostgreSQL user the pool opened a connection as. */
  users: Set<string>;
  rotations: [string, string][];
}

function dynamicPool(role: string, options: pg.PoolConfig & { vault?: VaultClient } = {}): Observed {
  const { vault = vaultClient(), ...poolOptions } = options;
  const pool = createDynamicPgPool({
    vault,
    role,
    mount: MOUNT,
    logger,
    host: postgres.host,
    port: postgres.port,
    database: postgres.database,
    ...poolOptions,
  });
  const users = new Set<string>();
  const rotations: [string, string][] = [];
  pool.on('connect', (client: pg.PoolClient & { user?: string }) => users.add(String(client.user)));
  pool.on('rotate', (oldLeaseId: string, newLeaseId: string) => rotations.push([oldLeaseId, newLeaseId]));
  return { pool, users, rotations };
}

async function existingRoles(names: Iterable<string>): Promise<string[]> {
  const { rows } = await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[...names]]);
  return rows.map((row) => row.rolname);
}

async function sessionsOf(names: Iterable<string>): Promise<string[]> {
  const { rows } = await admin.query<{ usename: string }>(
    'SELECT usename FROM pg_stat_activity WHERE usename = ANY($1)',
    [[...names]],
  );
  return rows.map((row) => row.usename);
}

describe('createDynamicPgPool (Vault database engine + PostgreSQL)', () => {
  it('runs continuous load across three rotations without a failed query; old roles are dropped after drain', async () => {
    const { pool, users, rotations } = dynamicPool(SHORT_ROLE, { max: 6 });
    const failures: string[] = [];
    let queries = 0;
    let transactions = 0;
    let stop = false;
    const queryWorker = async (): Promise<void> => {
      for (let n = 1; !stop; n++) {
        try {
          const { rows } = await pool.query<{ count: string }>('SELECT count(*) AS count FROM items WHERE id <= $1', [n % 100]);
          expect(Number(rows[0].count)).toBe(n % 100);
          queries++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    const transactionWorker = async (): Promise<void> => {
      while (!stop) {
        try {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('SELECT name FROM items WHERE id = $1', [1 + (transactions % 100)]);
            await client.query('SELECT pg_sleep(0.01)');
            await client.query('COMMIT');
            transactions++;
          } finally {
            client.release();
          }
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    const workers = [queryWorker(), queryWorker(), queryWorker(), transactionWorker(), transactionWorker()];
    // Three rotations, and the load carried on until the latest credentials served it too.
    await waitFor(() => rotations.length >= 3 && users.has(pool.currentLease()?.username ?? ''), 'three rotations', 40_000);
    stop = true;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(queries).toBeGreaterThan(100);
    expect(transactions).toBeGreaterThan(20);
    // Each rotation replaced one lease with a new one, and each lease was its own PostgreSQL role.
    const leaseIds = [rotations[0][0], ...rotations.map(([, next]) => next)];
    expect(new Set(leaseIds).size).toBe(leaseIds.length);
    for (let i = 1; i < rotations.length; i++) expect(rotations[i][0]).toBe(rotations[i - 1][1]);
    expect(users.size).toBeGreaterThanOrEqual(4);
    for (const user of users) expect(user).toMatch(new RegExp(`^v-approle-${SHORT_ROLE}-`));

    const current = pool.currentLease()!.username;
    const old = [...users].filter((user) => user !== current);
    await waitFor(async () => (await existingRoles(old)).length === 0, 'every old role to be dropped');
    await waitFor(async () => (await sessionsOf(old)).length === 0, 'no old-role session left');
    expect(await existingRoles([current])).toEqual([current]);

    await pool.end();
    expect(await existingRoles(users)).toEqual([]);
    expect(await sessionsOf(users)).toEqual([]);
  }, 60_000);

  it('heals credentials revoked behind its back with exactly one rotation', async (context) => {
    const server = testVault.server;
    if (!server) return context.skip(); // revoking a lease behind the client's back needs the test server's faults
    const { pool, users, rotations } = dynamicPool(LONG_ROLE, { idleTimeoutMillis: 100 });
    await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 2')]);
    const revoked = pool.currentLease()!;
    await waitFor(() => pool.totalCount === 0, 'the idle connections to close');

    await server.faults.revokeLease(revoked.leaseId);
    expect(await existingRoles([revoked.username])).toEqual([]);

    const results = await Promise.all(
      Array.from({ length: 5 }, () => pool.query<{ name: string }>('SELECT current_user AS name, count(*) FROM items')),
    );
    expect(rotations).toHaveLength(1);
    expect(rotations[0][0]).toBe(revoked.leaseId);
    const healed = pool.currentLease()!;
    expect(rotations[0][1]).toBe(healed.leaseId);
    expect(healed.username).not.toBe(revoked.username);
    expect(new Set(results.map((r) => r.rows[0].name))).toEqual(new Set([healed.username]));
    // One warning for the refusal, however many queries saw it (the user name is redacted by the runtime's logger).
    expect(logLines.filter((line) => line.includes(`PostgreSQL refused user`) && line.includes(revoked.leaseId))).toHaveLength(1);

    await pool.end();
    expect(await existingRoles(users)).toEqual([]);
  });

  it('keeps serving through a Vault outage while the lease lasts, fails clearly past its end, heals after', async (context) => {
    const server = testVault.server;
    if (!server) return context.skip();
    const { pool, users } = dynamicPool(SHORT_ROLE, { vault: vaultClient(500) });
    await pool.query('SELECT 1');
    const first = pool.currentLease()!;
    server.faults.seal();
    try {
      // Until the lease ends, the current credentials keep working although renewal and rotation fail.
      while (Date.now() < first.expiresAt.getTime() - 300) {
        const { rows } = await pool.query<{ name: string }>('SELECT current_user AS name');
        expect(rows[0].name).toBe(first.username);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await waitFor(() => Date.now() > first.expiresAt.getTime() + 50, 'the lease end');
      const error = await pool.query('SELECT 1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DynamicPgPoolError);
      const failure = error as DynamicPgPoolError;
      expect(failure.reason).toBe('credentials-expired');
      expect(failure.message).toContain(`${MOUNT}/creds/${SHORT_ROLE}`);
      expect(failure.message).toContain(first.username);
      expect(failure.message).toMatch(/sealed/i);
    } finally {
      server.faults.unseal();
    }
    await waitFor(() => pool.currentLease() !== undefined, 'credentials after unsealing', 15_000);
    const { rows } = await pool.query<{ name: string }>('SELECT current_user AS name');
    expect(rows[0].name).not.toBe(first.username);
    await pool.end();
    expect(await existingRoles(users)).toEqual([]);
  }, 30_000);

  it('rejects a call without a role or a Vault client', () => {
    const vault = vaultClient();
    expect(() => createDynamicPgPool({ vault, role: '' })).toThrow(TypeError);
    expect(() => createDynamicPgPool({ vault: undefined as unknown as VaultClient, role: 'x' })).toThrow(TypeError);
  });

  for (const shutdown of ['end', 'sigterm'] as const) {
    it(`leaves no role and no timer behind: the process exits after ${shutdown === 'end' ? 'end()' : 'SIGTERM'}`, async () => {
      const script = fileURLToPath(new URL('./dynamic-pg-pool.exit-script.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        env: {
          ...process.env,
          VAULT_ADDR: testVault.address,
          TEST_ROLE_ID: appRoleLogin.roleId,
          TEST_SECRET_ID: appRoleLogin.secretId,
          TEST_DB_ROLE: SHORT_ROLE,
          TEST_DB_MOUNT: MOUNT,
          TEST_PG_HOST: postgres.host,
          TEST_PG_PORT: String(postgres.port),
          TEST_PG_DATABASE: postgres.database,
          TEST_SHUTDOWN: shutdown,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (shutdown === 'sigterm' && stdout.includes('"ready":true')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exitCode = await new Promise<number | string>((resolve) => {
        // The child must exit by itself; if a timer kept it alive, this kill makes the test fail.
        const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
        child.once('exit', (code, signal) => {
          clearTimeout(guard);
          resolve(code ?? String(signal));
        });
      });
      expect(stderr).toBe('');
      expect(exitCode).toBe(0);
      const report = JSON.parse(stdout.trim().split('\n')[0]) as { users: string[] };
      expect(report.users.length).toBeGreaterThanOrEqual(2); // it went through a rotation
      expect(await existingRoles(report.users)).toEqual([]);
      expect(await sessionsOf(report.users)).toEqual([]);
    }, 40_000);
  }
});
