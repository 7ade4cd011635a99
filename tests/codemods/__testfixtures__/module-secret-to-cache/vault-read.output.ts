import { createVaultClient, SecretCache } from 'mcp-secrets-runtime';

const vault = createVaultClient();

/** Static config for the tools. */
const secrets = new SecretCache((name) => vault.read(name));

export async function enabledTools(): Promise<string[]> {
  return (await secrets.get('kv/data/tools')).data.data.enabled;
}
