import { readFile } from 'node:fs/promises';

import { readAgentSecrets } from 'mcp-secrets-runtime';

export async function loadToken(path: string): Promise<Record<string, string>> {
  return readAgentSecrets(path);
}

export async function loadPairs(path: string): Promise<string[][]> {
  const content = await readFile(path, 'utf8');
  /* mcp-secrets: parse this file with readAgentSecrets(path) from mcp-secrets-runtime: split('=') cuts values that contain '=' */
  return content.split('\n').map((line) => line.split('='));
}
