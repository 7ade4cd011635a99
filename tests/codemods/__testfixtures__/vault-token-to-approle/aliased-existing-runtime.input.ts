import type { VaultClient } from 'mcp-secrets-runtime';
import { SecretCache } from 'mcp-secrets-runtime';
import * as NodeVault from 'node-vault';

const env = process.env;
const vaultToken = env.VAULT_TOKEN as string;

/** Vault access for the tool handlers. */
export const secretsVault = NodeVault.default({ endpoint: env.VAULT_ADDR, token: vaultToken });

export const apiKeys = new SecretCache(async (name: string) => {
  const { data } = await secretsVault.read(`secret/data/${name}`);
  return data.data.value as string;
});

export function describeClient(client: VaultClient): string {
  return typeof client;
}
