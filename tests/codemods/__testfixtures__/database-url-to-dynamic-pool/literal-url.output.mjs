import { createVaultClient, createDynamicPgPool } from 'mcp-secrets-runtime';

const vault = createVaultClient();

/* mcp-secrets: rotate the database password that was hard-coded here (it stays in git history); the pool now logs in with credentials from Vault */
export const pool = createDynamicPgPool({ vault, role: 'mcp-app', connectionString: 'postgres://db.internal:5432/appdb', max: 4 });
