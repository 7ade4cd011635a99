import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretCache as Cache } from 'mcp-secrets-runtime';

const sm = new SecretsManagerClient({ region: 'eu-west-1' });
const secrets = new Cache((name) => sm.send(new GetSecretValueCommand({ SecretId: name })));

export const other = new Cache(async () => 'x');

export async function connectionInfo(): Promise<string | undefined> {
  return (await secrets.get('prod/db')).SecretString;
}
