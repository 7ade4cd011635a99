import { Pool as PgPool } from 'pg';
import type { PoolClient } from 'pg';
import { createVaultClient as makeClient, SecretCache } from 'mcp-secrets-runtime';

const secrets = makeClient({ address: process.env.VAULT_ADDR });
export const cache = new SecretCache(async (name: string) => (await secrets.read(`secret/data/${name}`)).data.data.value);

let pool: PgPool | null = null;

export function getPool(): PgPool {
  if (!pool) {
    pool = new PgPool({
      host: process.env.PGHOST,
      password: process.env.PGPASSWORD!, // from the deployment
      ssl: { rejectUnauthorized: true },
    });
  }
  return pool;
}

export async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
