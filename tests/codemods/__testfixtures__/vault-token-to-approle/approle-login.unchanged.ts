// Near miss: a node-vault client without a static token that logs in with AppRole (the seed's SAFE block).
import vault from 'node-vault';

const vaultBaseClient = vault({
  apiVersion: 'v1',
  endpoint: process.env.VAULT_ADDR,
});

export async function login(roleId: string, secretId: string) {
  const result = await vaultBaseClient.approleLogin({ role_id: roleId, secret_id: secretId });
  return vault({ apiVersion: 'v1', endpoint: process.env.VAULT_ADDR, token: result.auth.client_token });
}

// A token from a login response, not from the environment or the source:
export async function readWith(token: string) {
  const res = await fetch(`${process.env.VAULT_ADDR}/v1/secret/data/x`, { headers: { 'X-Vault-Token': token } });
  return res.json();
}

// Other modules' clients and unrelated VAULT_TOKEN_FILE paths are not ours.
const other = { token: process.env.VAULT_TOKEN_FILE };
export { other };
