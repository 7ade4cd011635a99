import { createVaultClient } from 'mcp-secrets-runtime';

const vault = createVaultClient();

/** Static config for the tools. */
const { data } = await vault.read('kv/data/tools');

export async function enabledTools(): Promise<string[]> {
  return data.data.enabled;
}
