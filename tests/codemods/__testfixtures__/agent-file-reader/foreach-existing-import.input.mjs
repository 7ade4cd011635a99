import { SecretCache } from 'mcp-secrets-runtime';
import { readFileSync, watch } from 'node:fs';

export const cache = new SecretCache(async (name) => name);

export function load(path) {
  const result = {};
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .forEach((entry) => {
      const [name, val] = entry.split('=');
      result[name] = val;
    });
  return result;
}

export function follow(path, onChange) {
  // The watcher is handed back to the caller, who closes it.
  return watch(path, () => onChange(load(path)));
}
