import type { PoolClient } from 'pg';
import { createVaultClient as makeClient, SecretCache, createDynamicPgPool, DynamicPgPool } from 'mcp-secrets-runtime';

const secrets = makeClient({ address: process.env.VAULT_ADDR });
export const cache = new SecretCache(async (name: string) => (await secrets.read(`secret/data/${name}`)).data.data.value);

let pool: DynamicPgPool | null = null;

export function getPool(): DynamicPgPool {
  if (!pool) {
    pool = createDynamicPgPool({
      vault: secrets,
      role: 'mcp-app',
      host: process.env.PGHOST,
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
