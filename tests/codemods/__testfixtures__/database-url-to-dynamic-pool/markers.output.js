import { Client, Pool } from 'pg';

/* mcp-secrets: these pg options carry static credentials: drop user and password and build the pool with createDynamicPgPool({ vault, role, ...config }) from mcp-secrets-runtime */
const config = { host: 'db', user: 'app', password: process.env.DB_PASSWORD };
export const pool = new Pool(config);

export async function once(sql) {
  /* mcp-secrets: a pg Client with static credentials: use createDynamicPgPool({ vault, role }) from mcp-secrets-runtime and pool.connect() */
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/* mcp-secrets: build this connection string without user and password, then use createDynamicPgPool({ vault, role }) from mcp-secrets-runtime */
export const reporting = new Pool({
  connectionString: `postgres://${process.env.REPORT_USER}:${process.env.REPORT_PASSWORD}@reports:5432/reports`,
});
