import { createVaultClient } from 'mcp-secrets-runtime';

const vault = createVaultClient();

const VAULT_ADDR = process.env.VAULT_ADDR;

// Reads a secret with the static token.
export async function readSecret(name: string): Promise<Record<string, string>> {
  const body = await vault.read(`secret/data/${name}`);
  return body.data.data;
}

export async function readDbCreds() {
  return vault.read('database/creds/mcp-app');
}

export function readFlags() {
  return vault.read('kv/flags');
}

export async function checkedRead() {
  /* mcp-secrets: read this through a VaultClient from mcp-secrets-runtime (client.read(path)) instead of fetch with a static Vault token */
  const res = await fetch(`${VAULT_ADDR}/v1/kv/checked`, { headers: { 'X-Vault-Token': process.env.VAULT_TOKEN as string } });
  if (!res.ok) throw new Error(`vault said ${res.status}`);
  return res.json();
}
