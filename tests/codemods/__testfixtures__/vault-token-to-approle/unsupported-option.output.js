import vault from 'node-vault';

/* mcp-secrets: replace this static-token node-vault client with createVaultClient() from mcp-secrets-runtime; its option "pathPrefix" has no automatic equivalent */
export const client = vault({
  endpoint: process.env.VAULT_ADDR,
  token: process.env.VAULT_TOKEN,
  pathPrefix: '/team-a',
});
