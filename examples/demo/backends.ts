// What the shop assistant talks to: a private PostgreSQL (embedded, scram-sha-256), the project's Vault-compatible
// test server, and a stub of the carrier's API. Vault is configured only through its HTTP API, with the same
// helpers the tests use, so every call here has a Vault CLI equivalent (see docs/migration.md, "Configure Vault").
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../../tests/support/postgres.js';
import { startVaultTestServer, type VaultTestServer } from '../../tests/support/vault-server/index.js';
import {
  setupAppRole,
  setupDatabase,
  setupKv,
  vaultApi,
  wrappedSecretId,
  writePolicy,
  type TestVault,
} from '../../tests/support/vault-env.js';
import { startCarrierStub, type CarrierStub } from './carrier-stub.js';
import type { Cleanup } from './cleanup.js';
import { exampleDir } from './paths.js';
import { seconds, type DemoTimings } from './timings.js';

/** Names the migrated code relies on: the KV path it reads and the database role `mcp-secrets migrate` emits. */
export const KV_MOUNT = 'secret';
export const CARRIER_KEY_NAME = 'carrier-api-key';
export const DB_MOUNT = 'database';
export const DB_ROLE = 'mcp-app';
export const APPROLE = 'shop-assistant';
export const POLICY = 'shop-assistant';

export interface Backends {
  pg: TestPostgres;
  vault: TestVault & { server: VaultTestServer };
  carrier: CarrierStub;
  /** The static login the legacy server's DATABASE_URL carries. */
  legacyDbUser: { name: string; password: string };
  roleId: string;
  /** A fresh response-wrapped secret_id (a single-use wrapping token), as a deploy pipeline would hand out. */
  newWrappedSecretId(): Promise<string>;
  /** PostgreSQL roles Vault's database engine created and has not dropped yet. */
  dynamicRoles(): Promise<string[]>;
  /** PostgreSQL URL of the orders database: with the static password (legacy) or without credentials (migrated). */
  databaseUrl(login?: { name: string; password: string }): string;
}

export async function startBackends(cleanup: Cleanup, timings: DemoTimings): Promise<Backends> {
  const postgres = await startTestPostgres();
  cleanup.add('stop PostgreSQL', () => postgres.stop(), { firstWhenInterrupted: true });
  const admin = new pg.Pool({ connectionString: postgres.url, max: 2 });
  // A client that is closing can still receive PostgreSQL's shutdown notice (57P01); without a listener, the pool
  // would re-emit it as an unhandled 'error' and crash the demo during its clean-up.
  admin.on('error', () => {});
  cleanup.add('close the admin connection', () => admin.end());
  const legacyDbUser = await seedDatabase(admin);
  cleanup.add('drop the legacy login', () => dropRole(admin, legacyDbUser.name));

  const server = await startVaultTestServer();
  // Registered after PostgreSQL, so it closes first: closing revokes outstanding leases, which drops their roles.
  cleanup.add('stop the Vault test server', () => server.close());
  const vault = { address: server.address, adminToken: server.rootToken, server, close: () => server.close() };

  const carrier = await startCarrierStub();
  cleanup.add('stop the carrier API stub', () => carrier.close());

  await setupKv(vault, { mount: KV_MOUNT, version: 2 });
  await vaultWrite(vault, `${KV_MOUNT}/data/${CARRIER_KEY_NAME}`, { data: { value: carrier.apiKey } });
  await writePolicy(vault, POLICY, {
    [`${KV_MOUNT}/data/${CARRIER_KEY_NAME}`]: ['read'],
    [`${DB_MOUNT}/creds/${DB_ROLE}`]: ['read'],
    'sys/leases/renew': ['update'],
    'sys/leases/revoke': ['update'],
    'auth/token/renew-self': ['update'],
    'auth/token/lookup-self': ['read'],
    'auth/token/revoke-self': ['update'],
  });
  await setupDatabase(vault, postgres, {
    mount: DB_MOUNT,
    role: DB_ROLE,
    defaultTtl: seconds(timings.dbDefaultTtl),
    maxTtl: seconds(timings.dbMaxTtl),
  });
  const { roleId } = await setupAppRole(vault, {
    role: APPROLE,
    policies: [POLICY],
    tokenTtl: seconds(timings.tokenTtl),
    tokenMaxTtl: seconds(timings.tokenMaxTtl),
    secretIdTtl: '10m',
  });

  const hostPort = `${postgres.host}:${postgres.port}`;
  const database = encodeURIComponent(postgres.database);
  return {
    pg: postgres,
    vault,
    carrier,
    legacyDbUser,
    roleId,
    newWrappedSecretId: () => wrappedSecretId(vault, { role: APPROLE, wrapTtl: '120s' }),
    dynamicRoles: async () =>
      (await admin.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname LIKE 'v-%' ORDER BY rolname"))
        .rows.map((row) => row.rolname),
    databaseUrl: (login) =>
      login
        ? // The legacy server's static DATABASE_URL, built on purpose: it is the "before" the demo migrates away from.
          // eslint-disable-next-line mcp-secrets/no-static-db-credentials
          `postgres://${encodeURIComponent(login.name)}:${encodeURIComponent(login.password)}@${hostPort}/${database}`
        : `postgres://${hostPort}/${database}`,
  };
}

/** The example's own schema and sample rows, plus the static login the legacy configuration uses. */
async function seedDatabase(admin: pg.Pool): Promise<{ name: string; password: string }> {
  await admin.query(await readFile(join(exampleDir, 'db', 'init.sql'), 'utf8'));
  // Roles are cluster-wide: a suffix keeps parallel runs on a shared server (MCP_SECRETS_PG_URL) apart.
  const legacyDbUser = { name: `shop_${randomBytes(3).toString('hex')}`, password: randomBytes(12).toString('base64url') };
  const role = pg.escapeIdentifier(legacyDbUser.name);
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD ${pg.escapeLiteral(legacyDbUser.password)}`);
  await admin.query(`GRANT SELECT ON orders TO ${role}`);
  return legacyDbUser;
}

async function dropRole(admin: pg.Pool, name: string): Promise<void> {
  const role = pg.escapeIdentifier(name);
  try {
    await admin.query(`REVOKE ALL ON orders FROM ${role}`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } catch (error) {
    // On Ctrl-C the embedded cluster receives the signal too and is already gone, and its roles with it.
    if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
  }
}

async function vaultWrite(vault: TestVault, path: string, body: unknown): Promise<void> {
  const { status, body: answer } = await vaultApi(vault, 'POST', path, body);
  if (status >= 400) throw new Error(`Vault refused the write to ${path}: ${status} ${JSON.stringify(answer?.errors)}`);
}
