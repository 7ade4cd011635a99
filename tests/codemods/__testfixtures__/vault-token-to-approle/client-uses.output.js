import { createVaultClient } from 'mcp-secrets-runtime';

const client = createVaultClient();

export async function health() {
  /* mcp-secrets: VaultClient has no health: use client.read/write/delete with the Vault API path (see docs/migration.md) */
  return client.health();
}

export async function whoAmI() {
  /* mcp-secrets: client.token is now a method: use await client.token() */
  console.log('token', client.token.length);
  /* mcp-secrets: client.read() takes no request options in mcp-secrets-runtime: move them to createVaultClient() */
  return client.read('auth/token/lookup-self', { timeout: 1000 });
}

export async function renew() {
  /* mcp-secrets: client renews and replaces its own token now: remove this tokenRenewSelf() call */
  await client.tokenRenewSelf();
}
