// DANGEROUS: static root Vault token in environment variable
// This token never expires, has full Vault access, and is visible
// in process listings, CI logs, and any environment dump.

import vault from 'node-vault';

const client = vault({
  apiVersion: 'v1',
  endpoint: process.env.VAULT_ADDR,
  token: process.env.VAULT_TOKEN,   // long-lived root/orphan token — NEVER DO THIS
});

// Later in a tool handler:
export async function getDbPassword() {
  const { data } = await client.read('secret/data/db-password');
  return data.data.password;
}
