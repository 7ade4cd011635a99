import createClient from 'node-vault';

const TOKEN = 'hvs.CAESIKN9T2ZhbGllc3NlY3JldHRva2VuYWJjZGVm';

export const vault = createClient({
  endpoint: 'https://vault.internal:8200',
  token: TOKEN,
});

export async function readApiKey() {
  const secret = await vault.read('kv/data/api');
  return secret.data.data.key;
}
