// DANGEROUS: module-level credential const — never re-fetches after rotation
import { Pool } from 'pg';
import { fetchSecret } from './secrets.js';

const DB_PASS = await fetchSecret('database/creds/mcp-app-role');
// ^ evaluated ONCE at import time, cached forever in module scope

const pool = new Pool({ password: DB_PASS });  // uses stale credential post-rotation

export async function queryDb(sql: string, params: unknown[]) {
  // Will fail after Vault rotates the password — no recovery path
  return pool.query(sql, params);
}
