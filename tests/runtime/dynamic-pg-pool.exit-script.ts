// Run as a child process by dynamic-pg-pool.test.ts: uses a dynamic pool through at least one rotation, then shuts
// down either by calling end() (and must then exit on its own: no timer may keep it alive) or on SIGTERM with the
// snippet from docs/dynamic-pg-pool.md. Prints JSON lines on stdout for the parent.
import { appRole, createDynamicPgPool, createVaultClient, silentLogger } from '../../runtime/src/index.js';

const env = process.env;
const vault = createVaultClient({
  address: env.VAULT_ADDR,
  auth: appRole({ roleId: env.TEST_ROLE_ID, secretId: env.TEST_SECRET_ID }),
  logger: silentLogger,
});
const pool = createDynamicPgPool({
  vault,
  role: env.TEST_DB_ROLE!,
  mount: env.TEST_DB_MOUNT,
  host: env.TEST_PG_HOST,
  port: Number(env.TEST_PG_PORT),
  database: env.TEST_PG_DATABASE,
  max: 3,
  logger: silentLogger,
});

const users = new Set<string>();
pool.on('connect', (client: { user?: string }) => users.add(String(client.user)));
let rotated = false;
pool.once('rotate', () => (rotated = true));
// Work until the first rotation (the pool's own timers are unref'd: the work is what keeps this process up).
while (!rotated) {
  await Promise.all([pool.query('SELECT 1'), pool.query('SELECT pg_sleep(0.02)')]);
}
await pool.query('SELECT 2');

if (env.TEST_SHUTDOWN === 'sigterm') {
  // An MCP server stays up (stdin, sockets): this interval plays that part until the signal arrives.
  setInterval(() => {}, 60_000);
  process.once('SIGTERM', () => {
    pool.end().finally(() => vault.close()).finally(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ ready: true, users: [...users] })}\n`);
} else {
  await pool.end();
  await vault.close();
  process.stdout.write(`${JSON.stringify({ ended: true, users: [...users] })}\n`);
}
