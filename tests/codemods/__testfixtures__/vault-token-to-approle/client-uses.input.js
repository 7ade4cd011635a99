import vault from 'node-vault';

const client = vault({ token: process.env.VAULT_TOKEN });

export async function health() {
  return client.health();
}

export async function whoAmI() {
  console.log('token', client.token.length);
  return client.read('auth/token/lookup-self', { timeout: 1000 });
}

export async function renew() {
  await client.tokenRenewSelf();
}
