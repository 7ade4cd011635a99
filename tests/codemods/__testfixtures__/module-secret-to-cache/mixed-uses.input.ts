import { readSecret } from './secrets-client.js';

const WEBHOOK_SECRET = await readSecret('webhook');

export async function verify(body: string, signature: string): Promise<boolean> {
  return signature === `${WEBHOOK_SECRET}:${body.length}`;
}

export function verifySync(body: string, signature: string): boolean {
  return signature === `${WEBHOOK_SECRET}:${body.length}`;
}
