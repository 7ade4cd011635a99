import type { VaultClient } from 'mcp-secrets-runtime';
import { SecretCache, createVaultClient } from 'mcp-secrets-runtime';

/** Vault access for the tool handlers. */
export const secretsVault = createVaultClient();

export const apiKeys = new SecretCache(async (name: string) => {
  const { data } = await secretsVault.read(`secret/data/${name}`);
  return data.data.value as string;
});

export function describeClient(client: VaultClient): string {
  return typeof client;
}
