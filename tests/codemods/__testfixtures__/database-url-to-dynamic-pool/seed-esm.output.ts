// DANGEROUS: static DATABASE_URL with embedded password in env
// Password is shared across all instances, never rotates, visible in env dumps

import { createVaultClient, createDynamicPgPool } from 'mcp-secrets-runtime';

const vault = createVaultClient();

/* mcp-secrets: set this connection string without user and password (host, port and database only) and remove the static password from the deployment */
const pool = createDynamicPgPool({
  vault,
  role: 'mcp-app',

  // e.g. postgres://appuser:SuperSecretPass123@db.internal:5432/appdb
  // This password: never rotates, same on all instances, visible in ps output
  connectionString: process.env.DATABASE_URL,
});

export async function queryDb(sql: string, params: unknown[]) {
  const client = await pool.connect();
  try {
    return await client.query(sql, params);
  } finally {
    client.release();
  }
}
