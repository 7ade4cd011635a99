// ESLint's own RuleTester (typescript-eslint's is for JS/TS), run on the YAML language the plugin's config uses.
import { RuleTester, type ESLint, type Rule } from 'eslint';
import { describe, it } from 'vitest';
import plugin from '../../../lib/index.js';
import rule from '../../../lib/rules/no-secret-in-manifest.js';
import { at } from './vitest-rule-tester.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ plugins: { 'mcp-secrets': plugin as unknown as ESLint.Plugin }, language: 'mcp-secrets/yaml' });

const HVS = `hvs.${'CAESIKN9'.repeat(12)}xy`; // 98 characters after the prefix: the length Vault issues
const LEGACY = 's.Q7eGcI2kZpW4rT9xLmN3bV8a';
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** An error at the first occurrence of `needle`, with `messageId` and its suggestions. */
function error(code: string, needle: string, messageId: string, extra: Partial<RuleTester.TestCaseError> = {}, occurrence = 1): RuleTester.TestCaseError {
  return { messageId, ...at(code, needle, occurrence), ...extra };
}

const composeList = `services:
  app:
    image: ghcr.io/acme/mcp-server:1.4
    environment:
      - VAULT_ADDR=https://vault.internal:8200
      - VAULT_TOKEN=${HVS}
`;

const composeMap = `services:
  vault:
    image: hashicorp/vault:1.17
    environment:
      VAULT_DEV_ROOT_TOKEN_ID: root
  app:
    environment:
      VAULT_TOKEN: root
      DATABASE_URL: postgres://mcp:s3cr3t-pw@db:5432/mcp
`;

const kubernetesEnv = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: LOG_LEVEL
              value: debug
            - name: DB_PASSWORD
              value: "hunter2-prod"
`;

const helmValues = `postgresql:
  auth:
    username: mcp
    password: Pr0d-Passw0rd
vault:
  address: https://vault.internal:8200
  token: ${LEGACY}
`;

// A root token (hvs. + 24) under a key that does not say token: found by its shape alone.
const rootTokenArgs = `services:
  mcp:
    image: acme/vault-mcp
    command: ["serve", "--vault-auth", "hvs.Qm7Zt2Kx9Lb4Wn8Vc1Yd5Hf0"]
`;

const secretData = `apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  username: ${b64('mcp')}
  password: ${b64('hunter2-prod')}
  DATABASE_URL: ${b64('postgres://mcp:hunter2-prod@db/mcp')}
`;

const secretStringData = `apiVersion: v1
kind: Secret
metadata:
  name: vault-token
stringData:
  VAULT_TOKEN: ${HVS}
  VAULT_ADDR: https://vault.internal:8200
`;

const multiDocument = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: vault
          env:
            - name: VAULT_DEV_ROOT_TOKEN_ID
              value: dev-only-root
---
apiVersion: v1
kind: Secret
stringData:
  api-key: sk-live-1234567890
`;

const containerArgs = `apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:
      containers:
        - name: migrate
          args: ["migrate", "--db-password", "Pr0d-Passw0rd", "--verbose"]
          command:
            - /app/run
            - --api-key=sk-live-abcdef
`;

const privateKey = `tls:
  crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
  key: |
    -----BEGIN RSA PRIVATE KEY-----
    MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
    -----END RSA PRIVATE KEY-----
`;

const composeWithAnchor = `x-db-env: &db-env
  POSTGRES_PASSWORD: !!str hunter2-prod
services:
  db:
    environment: *db-env
`;

ruleTester.run('no-secret-in-manifest', rule as unknown as Rule.RuleModule, {
  valid: [
    // Compose: interpolation, pass-through, a path to a token file, a URL without a password, and a role_id.
    `services:
  app:
    environment:
      - VAULT_TOKEN=\${VAULT_TOKEN}
      - VAULT_TOKEN_FILE=/run/secrets/vault-token
      - GITHUB_TOKEN
      - DATABASE_URL=postgres://mcp@db:5432/mcp
      - VAULT_ROLE_ID=8f1c2d3e-aaaa-bbbb-cccc-1234567890ab
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
`,
    // Kubernetes: secretKeyRef is the right way; a $(VAR) reference; a non-secret literal.
    `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
            - name: DATABASE_URL
              value: "postgres://mcp:$(DB_PASSWORD)@db:5432/mcp"
            - name: VAULT_ROLE
              value: mcp-server
`,
    // Helm values: templates, a reference to an existing Secret, a key name, empty and placeholder values.
    `postgresql:
  auth:
    existingSecret: db-credentials
    secretKeys:
      userPasswordKey: password
    password: "{{ .Values.global.dbPassword }}"
  replication:
    password: ""
api:
  apiKey: <your-api-key>
  clientSecret: changeme
  seedPhraseSecret: '{__relative_name__}'
  dbPassword: "%(db_password)s"
`,
    // A \`token\` key that holds a file path, and a Kubernetes auth role.
    `vault:
  auth:
    method: kubernetes
    role: mcp-server
    token: /var/run/secrets/kubernetes.io/serviceaccount/token
`,
    // Vault Agent injector annotations: the recommended set-up, including a template that names a password field.
    `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/agent-inject-token: "true"
        vault.hashicorp.com/role: "mcp-server"
        vault.hashicorp.com/agent-inject-secret-db: "database/creds/mcp-app"
        vault.hashicorp.com/agent-inject-template-db: |
          {{- with secret "database/creds/mcp-app" -}}
          DB_USER={{ .Data.username }}
          DB_PASS={{ .Data.password }}
          {{- end }}
`,
    // Secret with an empty value and a value that is not base64 (a template); a SealedSecret is encrypted.
    `apiVersion: v1
kind: Secret
data:
  password: ""
  token: "{{ .Values.token | b64enc }}"
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq
`,
    // A legacy-token-shaped string where nothing says token; a CI secret reference; switches, permissions, sizes.
    `settings:
  metric: ${LEGACY}
permissions:
  contents: read
  id-token: write
jobs:
  test:
    env:
      VAULT_TOKEN: \${{ secrets.VAULT_TOKEN }}
      USE_TOKEN: true
      MAX_TOKENS: 4096
      PASSWORD_MIN_LENGTH: 12
`,
    // Labels and sentences in a locale file are not passwords.
    `en:
  login:
    password: "Password"
    confirm_password: "Confirm your password"
    token: "Enter the token from your authenticator app"
`,
    // Secret-store references, a SOPS-encrypted value, and argument lists with files instead of values.
    `app:
  apiKey: op://engineering/mcp/api-key
  clientSecret: ENC[AES256_GCM,data:Tr7oq2w=,iv:1a2b3c=,tag:9z8y7x=,type:str]
  dbPassword: arn:aws:secretsmanager:eu-west-1:123456789012:secret:db
  args: ["--password-file", "/run/secrets/db", "--token-file=/vault/token", "--verbose"]
`,
    // Application tags resolve elsewhere: CloudFormation intrinsics, Home Assistant's secrets.yaml.
    `Resources:
  Database:
    Properties:
      MasterUserPassword: !Ref DatabasePassword
      ConnectionString: !Sub "postgres://app:\${DatabasePassword}@\${Host}/app"
http:
  api_password: !secret http_password
`,
    // Odd shapes report nothing and never throw: empty and scalar documents, aliases, merge keys, complex and
    // numeric keys, null values, Secret fields that are not mappings, data that is not base64 or not text.
    '',
    '# only a comment\n',
    '---\n---\n...\n',
    'just a scalar\n',
    `base: &base { port: 5432 }
derived:
  <<: *base
  ? [complex, key]
  : value
  123: 456
  token:
  password: ~
env: [{ name: 7, value: x }, { value: y }]
args: [--password, ~, [nested], --token]
---
kind: Secret
data: [1, 2]
stringData: ~
---
kind: Secret
data:
  password: "!!!not-base64"
  token: ${Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64')}
`,
  ],
  invalid: [
    {
      name: 'Compose environment list: a literal Vault token',
      code: composeList,
      errors: [
        error(composeList, `VAULT_TOKEN=${HVS}`, 'vaultToken', {
          suggestions: [
            {
              messageId: 'useComposeVariable',
              data: { name: 'VAULT_TOKEN' },
              output: composeList.replace(`VAULT_TOKEN=${HVS}`, '"VAULT_TOKEN=${VAULT_TOKEN}"'),
            },
          ],
        }),
      ],
    },
    {
      name: "Compose environment map: Vault's dev root token, VAULT_TOKEN and a URL with a password",
      code: composeMap,
      errors: [
        error(composeMap, 'root', 'secretValue', {
          data: { name: 'VAULT_DEV_ROOT_TOKEN_ID' },
          suggestions: [
            {
              messageId: 'useComposeVariable',
              output: composeMap.replace('VAULT_DEV_ROOT_TOKEN_ID: root', 'VAULT_DEV_ROOT_TOKEN_ID: "${VAULT_DEV_ROOT_TOKEN_ID}"'),
            },
          ],
        }),
        error(composeMap, 'root', 'vaultTokenVariable', {
          data: { name: 'VAULT_TOKEN' },
          suggestions: [
            { messageId: 'useComposeVariable', output: composeMap.replace('VAULT_TOKEN: root', 'VAULT_TOKEN: "${VAULT_TOKEN}"') },
          ],
        }, 2),
        error(composeMap, 'postgres://', 'urlPassword', {
          data: { user: 'mcp' },
          suggestions: [
            {
              messageId: 'useComposeVariable',
              output: composeMap.replace('postgres://mcp:s3cr3t-pw@db:5432/mcp', '"${DATABASE_URL}"'),
            },
          ],
        }),
      ],
    },
    {
      name: 'Kubernetes env: { name, value } with a literal password',
      code: kubernetesEnv,
      errors: [error(kubernetesEnv, '"hunter2-prod"', 'secretValue', { data: { name: 'DB_PASSWORD' }, endColumn: 36 })],
    },
    {
      name: 'Helm values: a nested password, and a legacy Vault token under a token key',
      code: helmValues,
      errors: [
        error(helmValues, 'Pr0d-Passw0rd', 'secretValue', { data: { name: 'password' } }),
        error(helmValues, LEGACY, 'vaultToken'),
      ],
    },
    {
      name: 'compose command: a Vault root token, by its shape',
      code: rootTokenArgs,
      errors: [error(rootTokenArgs, '"hvs.Qm7', 'vaultToken')],
    },
    {
      name: 'kind: Secret data is decoded before judging; the username is not a secret',
      code: secretData,
      errors: [
        error(secretData, b64('hunter2-prod'), 'secretData', { data: { key: 'password', what: 'a literal credential' } }),
        error(secretData, b64('postgres://mcp:hunter2-prod@db/mcp'), 'secretData', {
          data: { key: 'DATABASE_URL', what: 'a connection URL with a password' },
        }),
      ],
    },
    {
      name: 'kind: Secret stringData with a Vault token',
      code: secretStringData,
      errors: [error(secretStringData, HVS, 'secretData', { data: { key: 'VAULT_TOKEN', what: 'a Vault token' } })],
    },
    {
      name: 'multi-document file: findings in the second and third documents',
      code: multiDocument,
      errors: [
        error(multiDocument, 'dev-only-root', 'secretValue', { line: 17, data: { name: 'VAULT_DEV_ROOT_TOKEN_ID' } }),
        error(multiDocument, 'sk-live-1234567890', 'secretData', { line: 22, data: { key: 'api-key', what: 'a literal credential' } }),
      ],
    },
    {
      name: 'container args and command: `--flag value` and `--flag=value`',
      code: containerArgs,
      errors: [
        error(containerArgs, '"Pr0d-Passw0rd"', 'secretArgument', { data: { name: 'db-password' } }),
        error(containerArgs, '--api-key=', 'secretArgument', { data: { name: 'api-key' } }),
      ],
    },
    {
      name: 'a private key in Helm values',
      code: privateKey,
      errors: [error(privateKey, '|', 'privateKey', { endLine: 6 })],
    },
    {
      name: 'a tagged value behind an anchor is reported where it is written',
      code: composeWithAnchor,
      errors: [error(composeWithAnchor, 'hunter2-prod', 'secretValue', { data: { name: 'POSTGRES_PASSWORD' } })],
    },
  ],
});
