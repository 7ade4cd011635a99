const VAULT_ADDR = process.env.VAULT_ADDR;

// Reads a secret with the static token.
export async function readSecret(name: string): Promise<Record<string, string>> {
  const response = await fetch(`${VAULT_ADDR}/v1/secret/data/${name}`, {
    headers: { 'X-Vault-Token': process.env.VAULT_TOKEN! },
  });
  const body = await response.json();
  return body.data.data;
}

export async function readDbCreds() {
  return (await fetch(VAULT_ADDR + '/v1/database/creds/mcp-app', { headers: { 'x-vault-token': process.env.VAULT_TOKEN ?? '' } })).json();
}

export function readFlags() {
  return fetch(`${process.env.VAULT_ADDR}/v1/kv/flags`, {
    method: 'GET',
    headers: { 'X-Vault-Token': `${process.env.VAULT_TOKEN}`, Accept: 'application/json' },
  }).then((res) => res.json());
}

export async function checkedRead() {
  const res = await fetch(`${VAULT_ADDR}/v1/kv/checked`, { headers: { 'X-Vault-Token': process.env.VAULT_TOKEN as string } });
  if (!res.ok) throw new Error(`vault said ${res.status}`);
  return res.json();
}
