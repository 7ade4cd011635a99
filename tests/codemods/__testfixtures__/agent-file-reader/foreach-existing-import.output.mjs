import { SecretCache, readAgentSecrets } from 'mcp-secrets-runtime';
import { watch } from 'node:fs';

export const cache = new SecretCache(async (name) => name);

export function load(path) {
  const result = readAgentSecrets(path);
  return result;
}

export function follow(path, onChange) {
  // The watcher is handed back to the caller, who closes it.
  /* mcp-secrets: watch this file with watchAgentSecrets(path, onChange) from mcp-secrets-runtime: it follows Vault Agent's write-then-rename */
  return watch(path, () => onChange(load(path)));
}
