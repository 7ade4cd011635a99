import { appRole, createVaultClient } from 'mcp-secrets-runtime';

/* mcp-secrets: revoke the Vault token that was hard-coded here (it stays in git history); this client now logs in with AppRole: set VAULT_ROLE_ID and VAULT_SECRET_ID_FILE */
export const vault = createVaultClient({
  address: 'https://vault.internal:8200',
  auth: appRole(),
});

export async function readApiKey() {
  const secret = await vault.read('kv/data/api');
  return secret.data.data.key;
}
