import vault from 'node-vault';

export const client = vault({
  endpoint: process.env.VAULT_ADDR,
  token: process.env.VAULT_TOKEN,
  pathPrefix: '/team-a',
});
