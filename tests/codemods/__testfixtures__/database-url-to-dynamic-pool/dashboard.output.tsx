import { createVaultClient, createDynamicPgPool, DynamicPgPool } from 'mcp-secrets-runtime';

const vault = createVaultClient();

/* mcp-secrets: set this connection string without user and password (host, port and database only) and remove the static password from the deployment */
const pool: DynamicPgPool = createDynamicPgPool({ vault, role: 'mcp-app', connectionString: import.meta.env.DATABASE_URL as string });

export async function Rows() {
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM items');
  return <ul>{rows.map((row) => <li key={row.id}>{row.id}</li>)}</ul>;
}
