// DANGEROUS: module-level credential const — never re-fetches after rotation
import { Pool } from 'pg';
import { SecretCache } from 'mcp-secrets-runtime';
import { fetchSecret } from './secrets.js';

const secrets = new SecretCache(fetchSecret);
// ^ evaluated ONCE at import time, cached forever in module scope

const pool = new Pool({ password: () => secrets.get('database/creds/mcp-app-role') });  // uses stale credential post-rotation

export async function queryDb(sql: string, params: unknown[]) {
  // Will fail after Vault rotates the password — no recovery path
  return pool.query(sql, params);
}
