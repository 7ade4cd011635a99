// DANGEROUS: static root Vault token in environment variable
// This token never expires, has full Vault access, and is visible
// in process listings, CI logs, and any environment dump.

import { createVaultClient } from 'mcp-secrets-runtime';

const client = createVaultClient();

// Later in a tool handler:
export async function getDbPassword() {
  const { data } = await client.read('secret/data/db-password');
  return data.data.password;
}
