import { SecretCache } from 'mcp-secrets-runtime';
import { readSecret } from './secrets-client.js';

/* mcp-secrets: still read where it cannot be awaited (marked below); delete this once they use secrets.get('webhook') */
const WEBHOOK_SECRET = await readSecret('webhook');

const secrets = new SecretCache(readSecret);

export async function verify(body: string, signature: string): Promise<boolean> {
  return signature === `${await secrets.get('webhook')}:${body.length}`;
}

export function verifySync(body: string, signature: string): boolean {
  /* mcp-secrets: this function cannot await: make it async and read secrets.get('webhook') here, so the secret is fresh after rotation */
  return signature === `${WEBHOOK_SECRET}:${body.length}`;
}
