// DynamicPgPool benchmark: `SELECT 1` throughput against a plain pg.Pool of the same size on the same database in
// the same run, and failed queries while rotations happen under load.
// Throughput is measured two ways, each as the median of per-round ratios: side by side (both pools saturated in
// the same time window, so a shift in machine load hits both alike: the headline figure) and in alternating
// sequential rounds (each pool alone, for reference; noisier on a shared machine).
// Real parts: an embedded PostgreSQL (scram-sha-256) and the Vault-compatible test server (or a real Vault, see
// tests/support/vault-env.ts). Run alone with `npm run bench -- dynamic-pg-pool`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type * as Runtime from 'mcp-secrets-runtime';
import type { VaultClient } from 'mcp-secrets-runtime';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres.js';
import { setupAppRole, setupDatabase, startTestVault, writePolicy, type TestVault } from '../tests/support/vault-env.js';

const POOL_SIZE = 8;
const CONCURRENCY = 32;
const ROUND_MS = 1_000;
const ROUNDS = 10;
const ROTATIONS_UNDER_LOAD = 3;

interface Queryable {
  query(text: string): Promise<unknown>;
}

// The built package, as users import it (`npm run bench` builds first). Under tsx the bare name would resolve to
// runtime/src through tsconfig paths, and tsx's transpiled output (keepNames wrappers on every closure) is not
// what users run.
const runtimeUrl = new URL('../runtime/dist/esm/index.js', import.meta.url).href;

export async function benchDynamicPgPool(): Promise<Record<string, unknown>> {
  const { appRole, createDynamicPgPool, createVaultClient, silentLogger } = (await import(runtimeUrl)) as typeof Runtime;
  const postgres = await startTestPostgres();
  let vault: TestVault | undefined;
  const toClose: (() => Promise<unknown>)[] = [];
  try {
    vault = await startTestVault();
    const suffix = randomBytes(3).toString('hex');
    const mount = `bench-db-${suffix}`;
    const steady = `st${suffix}`; // a 1 h lease: no rotation while throughput is measured
    const rotating = `rt${suffix}`; // 2 s leases capped by a 3 s max TTL: a rotation every ~2 s
    await setupDatabase(vault, postgres, { mount, role: steady, defaultTtl: '1h', maxTtl: '2h' });
    await setupDatabase(vault, postgres, { mount, role: rotating, defaultTtl: '2s', maxTtl: '3s' });
    const policy = `bench-pg-${suffix}`;
    await writePolicy(vault, policy, { [`${mount}/creds/*`]: ['read'], 'sys/leases/renew': ['update'], 'sys/leases/revoke': ['update'] });
    const login = await setupAppRole(vault, { role: policy, policies: [policy], tokenTtl: '1h' });
    const client = createVaultClient({
      address: vault.address,
      auth: appRole({ roleId: login.roleId, secretId: login.secretId }),
      logger: silentLogger,
    });
    toClose.push(() => client.close());

    // The baseline logs in as a static role with the same (no) privileges, over the same scram-sha-256 auth.
    const staticPassword = randomBytes(16).toString('hex');
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE ROLE bench_static_${suffix} LOGIN PASSWORD '${staticPassword}'`);
    await admin.end();
    const where = { host: postgres.host, port: postgres.port, database: postgres.database, max: POOL_SIZE };
    const plain = new pg.Pool({ ...where, user: `bench_static_${suffix}`, password: staticPassword });
    plain.on('error', () => undefined); // pg-pool's end() resolves before its sockets close; see finally below
    toClose.unshift(() => plain.end());
    const dynamic = createDynamicPgPool({ ...where, vault: client, role: steady, mount, logger: silentLogger });
    toClose.unshift(() => dynamic.end());

    await saturate(plain, ROUND_MS / 2); // warm-up: connections open, code paths optimised
    await saturate(dynamic, ROUND_MS / 2);
    const sideBySide = await compareSideBySide(plain, dynamic);
    const sequential = await compareSequential(plain, dynamic);
    const rotation = await failuresDuringRotations(createDynamicPgPool, silentLogger, client, rotating, mount, postgres);
    return {
      [`SELECT 1 queries/s side by side, pg.Pool (max ${POOL_SIZE}, ${CONCURRENCY / 2} callers)`]: Math.round(sideBySide.plainQps),
      [`SELECT 1 queries/s side by side, DynamicPgPool (max ${POOL_SIZE}, ${CONCURRENCY / 2} callers)`]: Math.round(sideBySide.dynamicQps),
      'throughput ratio DynamicPgPool / pg.Pool, side by side, median of rounds (target >= 0.97)': sideBySide.ratio,
      [`SELECT 1 queries/s alone, pg.Pool (${CONCURRENCY} callers)`]: Math.round(sequential.plainQps),
      [`SELECT 1 queries/s alone, DynamicPgPool (${CONCURRENCY} callers)`]: Math.round(sequential.dynamicQps),
      'throughput ratio, alternating rounds alone, median (reference)': sequential.ratio,
      'rotations under load': rotation.rotations,
      'queries during those rotations': rotation.queries,
      'failed queries during rotations (target 0)': rotation.failures,
    };
  } finally {
    for (const close of toClose) await close().catch(() => undefined);
    await vault?.close();
    await postgres.stop();
  }
}

interface Comparison {
  plainQps: number;
  dynamicQps: number;
  ratio: number;
}

/** Both pools saturated at once, each by half the callers: whatever the machine does, it does to both. */
async function compareSideBySide(plain: Queryable, dynamic: Queryable): Promise<Comparison> {
  const plainRates: number[] = [];
  const dynamicRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [p, d] = await Promise.all([saturate(plain, ROUND_MS, CONCURRENCY / 2), saturate(dynamic, ROUND_MS, CONCURRENCY / 2)]);
    plainRates.push(p);
    dynamicRates.push(d);
    ratios.push(d / p);
  }
  return { plainQps: median(plainRates), dynamicQps: median(dynamicRates), ratio: median(ratios) };
}

/** Alternating rounds, so neither pool always runs on a warmer or busier machine. */
async function compareSequential(plain: Queryable, dynamic: Queryable): Promise<Comparison> {
  const plainRates: number[] = [];
  const dynamicRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let p: number;
    let d: number;
    if (round % 2 === 0) {
      p = await saturate(plain, ROUND_MS);
      d = await saturate(dynamic, ROUND_MS);
    } else {
      d = await saturate(dynamic, ROUND_MS);
      p = await saturate(plain, ROUND_MS);
    }
    plainRates.push(p);
    dynamicRates.push(d);
    ratios.push(d / p);
  }
  return { plainQps: median(plainRates), dynamicQps: median(dynamicRates), ratio: median(ratios) };
}

/** Queries per second with `callers` issuing `SELECT 1` back to back for `ms`. */
async function saturate(pool: Queryable, ms: number, callers = CONCURRENCY): Promise<number> {
  let done = 0;
  const start = performance.now();
  const deadline = start + ms;
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await pool.query('SELECT 1');
      done++;
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return done / ((performance.now() - start) / 1000);
}

async function failuresDuringRotations(
  createDynamicPgPool: typeof Runtime.createDynamicPgPool,
  silentLogger: Runtime.Logger,
  vault: VaultClient,
  role: string,
  mount: string,
  postgres: TestPostgres,
): Promise<{ rotations: number; queries: number; failures: number }> {
  const pool = createDynamicPgPool({
    vault,
    role,
    mount,
    host: postgres.host,
    port: postgres.port,
    database: postgres.database,
    max: POOL_SIZE,
    logger: silentLogger,
  });
  let rotations = 0;
  pool.on('rotate', () => rotations++);
  let queries = 0;
  let failures = 0;
  let stop = false;
  const caller = async (): Promise<void> => {
    while (!stop) {
      try {
        await pool.query('SELECT 1');
        queries++;
      } catch {
        failures++;
      }
    }
  };
  const callers = Array.from({ length: CONCURRENCY }, caller);
  const deadline = Date.now() + 30_000;
  while (rotations < ROTATIONS_UNDER_LOAD && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  stop = true;
  await Promise.all(callers);
  await pool.end();
  return { rotations, queries, failures };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
