import { getSecret } from './secrets-client.js';

export const API_TOKEN = await getSecret('api-token');

const secretName = process.argv[2] ?? 'default';
const chosen = await getSecret(secretName);

export async function useChosen() {
  return chosen.length;
}
