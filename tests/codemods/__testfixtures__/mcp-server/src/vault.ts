import vault from 'node-vault';

// One client for every tool handler.
export const client = vault({
  apiVersion: 'v1',
  endpoint: process.env.VAULT_ADDR,
  token: process.env.VAULT_TOKEN, // long-lived, never rotated
});

export async function readSecret(path: string): Promise<string> {
  const { data } = await client.read(path);
  return data.data.value;
}
