import { getSecret } from './secrets-client.js';

/* mcp-secrets: exported: other modules keep this value forever; export a getter such as one that reads a SecretCache from mcp-secrets-runtime instead */
export const API_TOKEN = await getSecret('api-token');

const secretName = process.argv[2] ?? 'default';
/* mcp-secrets: a secret fetched once at module load, with a key the codemod cannot follow: fetch it through a SecretCache from mcp-secrets-runtime where it is used */
const chosen = await getSecret(secretName);

export async function useChosen() {
  return chosen.length;
}
