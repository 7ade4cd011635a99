// DANGEROUS: static DATABASE_URL with embedded password in env
// Password is shared across all instances, never rotates, visible in env dumps

import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // e.g. postgres://appuser:SuperSecretPass123@db.internal:5432/appdb
  // This password: never rotates, same on all instances, visible in ps output
});

export async function queryDb(sql: string, params: unknown[]) {
  const client = await pool.connect();
  try {
    return await client.query(sql, params);
  } finally {
    client.release();
  }
}
