export declare class SecretsManagerClient {
  constructor(config: { region: string });
  send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
}
export declare class GetSecretValueCommand {
  constructor(input: { SecretId: string });
}
