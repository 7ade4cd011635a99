import createClient from 'node-vault';

const TOKEN = 'hvs.CAESIJlU8nY2sVq3mJ4dEBu1kQ9oTgHcGv0rXwFzL5yPaNeOGh4KHGh2cy5hZ0xyR2N4bTVYS3ZWbEtkUmRzNnFTZkQ';

export const vault = createClient({
  endpoint: 'https://vault.internal:8200',
  token: TOKEN,
});

export async function readApiKey() {
  const secret = await vault.read('kv/data/api');
  return secret.data.data.key;
}
