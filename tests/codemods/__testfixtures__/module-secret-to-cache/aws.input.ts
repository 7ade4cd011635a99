import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretCache as Cache } from 'mcp-secrets-runtime';

const sm = new SecretsManagerClient({ region: 'eu-west-1' });
const dbSecret = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));

export const other = new Cache(async () => 'x');

export async function connectionInfo(): Promise<string | undefined> {
  return dbSecret.SecretString;
}
