import rule from '../../../lib/rules/no-static-vault-token.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

type Suggestion = { messageId: 'useAuthFromEnv' | 'useAppRole'; output: string };

function staticToken(code: string, needle: string, name: string, extra: { occurrence?: number; suggestions?: Suggestion[] } = {}) {
  return { messageId: 'staticToken' as const, data: { name }, ...at(code, needle, extra.occurrence), suggestions: extra.suggestions ?? [] };
}

function toSink(code: string, needle: string, name: string, sink: string, extra: { occurrence?: number; suggestions?: Suggestion[] } = {}) {
  return { messageId: 'staticTokenToSink' as const, data: { name, sink }, ...at(code, needle, extra.occurrence), suggestions: extra.suggestions ?? [] };
}

// The article's first DANGEROUS block, as written.
const SEED = `import vault from 'node-vault';

const client = vault({
  apiVersion: 'v1',
  endpoint: process.env.VAULT_ADDR,
  token: process.env.VAULT_TOKEN,   // long-lived root/orphan token — NEVER DO THIS
});

export async function getDbPassword() {
  const { data } = await client.read('secret/data/db-password');
  return data.data.password;
}
`;

// The article's Kubernetes DANGEROUS line, with its import.
const K8S = `import vault from 'node-vault';
const client = vault({ token: process.env.VAULT_TOKEN }); // DANGEROUS
export const read = (path) => client.read(path);
`;

const CJS_INLINE = `'use strict';
const client = require('node-vault')({ endpoint: process.env.VAULT_ADDR, token: process.env['VAULT_TOKEN'] });
async function main() {
  await client.write('secret/data/app', { data: { ok: true } });
  await client.delete('secret/data/old');
}
main();
`;

const CJS_EXPORTED = `const vault = require('node-vault');
const client = vault({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN });
module.exports = { client };
`;

const DELETE_RESULT_USED = `import NodeVault from 'node-vault';
const client = NodeVault({ token: process.env.VAULT_TOKEN });
export async function remove(path: string) {
  const body = await client.delete(path);
  return body;
}
`;

const MERGE_IMPORT = `import vault from 'node-vault';
import { SecretCache } from 'mcp-secrets-runtime';
const client = vault({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN! });
export const secrets = new SecretCache(async (name: string) => (await client.read(\`secret/data/\${name}\`)).data.data.value);
vault.commands;
`;

const ASSIGN = `import vault from 'node-vault';
const { VAULT_TOKEN: token, VAULT_ADDR: endpoint } = process.env;
const client = vault({ endpoint });
client.token = token;
`;

const FETCH = `const token = process.env.VAULT_TOKEN!;
export async function readSecret(path: string) {
  const res = await fetch(\`\${process.env.VAULT_ADDR}/v1/\${path}\`, { headers: { 'X-Vault-Token': token } });
  return res.json();
}
`;

const AXIOS = `import axios from 'axios';
export const vaultApi = axios.create({
  baseURL: process.env.VAULT_ADDR,
  headers: { Authorization: \`Bearer \${process.env.BAO_TOKEN}\` },
});
`;

const ZOD = `import { z } from 'zod';
const env = z.object({ VAULT_TOKEN: z.string() }).parse(process.env);
class VaultService {
  constructor(private readonly token: string) {}
}
export const service = new VaultService(env.VAULT_TOKEN);
`;

const LITEHEX = `import { env } from 'node:process';
import { Client as VaultClient } from '@litehex/node-vault';
export const vc = new VaultClient({ endpoint: env.VAULT_ADDR, token: env.VAULT_TOKEN });
`;

const HASHI = `import Vault from 'hashi-vault-js';
const vault = new Vault({ https: true, baseUrl: 'https://vault.internal:8200/v1' });
export const secret = await vault.readKVSecret(process.env.VAULT_TOKEN, 'db');
`;

const GOT_THROUGH_FUNCTION = `const got = require('got');
function vaultGet(path, vaultAuth) {
  return got(\`\${process.env.VAULT_ADDR}/v1/\${path}\`, { headers: { 'x-vault-token': vaultAuth } }).json();
}
vaultGet('secret/data/app', process.env.VAULT_TOKEN);
`;

const HTTP_REQUEST = `import https from 'node:https';
const { env: { VAULT_TOKEN } } = process;
https.request({ host: 'vault.internal', path: '/v1/secret/data/app', headers: { 'X-Vault-Token': VAULT_TOKEN } });
`;

const ENVALID = `import { cleanEnv, str } from 'envalid';
const config = cleanEnv(process.env, { VAULT_TOKEN: str({ default: '' }) });
export const headers = new Headers();
headers.set('X-Vault-Token', config.VAULT_TOKEN ?? '');
`;

const T3 = `import { createEnv } from '@t3-oss/env-core';
export const env = createEnv({ server: {}, runtimeEnv: process.env });
export function tokenOf() {
  return env.vault_token;
}
`;

const GLOBAL_THIS = `const t = globalThis.process.env['VAULT_TOKEN'] as string;
export default t;
`;

ruleTester.run('no-static-vault-token', rule, {
  valid: [
    // Path variables and other Vault settings are fine.
    { code: 'const path = process.env.VAULT_TOKEN_FILE;', filename: 'file.ts' },
    { code: 'const { VAULT_ADDR, VAULT_ROLE_ID, VAULT_TOKEN_PATH } = process.env;', filename: 'file.js' },
    { code: "const t = process.env.GITHUB_TOKEN ?? process.env['VAULT_TOKENS'];", filename: 'file.ts' },
    // The same member on something that is not the environment.
    { code: "import { readFileSync } from 'node:fs';\nconst config = { VAULT_TOKEN: readFileSync('/run/vault/token', 'utf8') };\nexport const t = config.VAULT_TOKEN;", filename: 'file.ts' },
    { code: 'export function f(process) { return process.env.VAULT_TOKEN; }', filename: 'file.js' },
    // A key the config object sets itself after spreading the environment.
    { code: 'const cfg = { ...process.env, VAULT_TOKEN: undefined };\nexport const t = cfg.VAULT_TOKEN;', filename: 'file.ts' },
    // Writing, deleting or testing for the variable is not reading a token.
    { code: "process.env.VAULT_TOKEN = await login();\ndelete process.env.BAO_TOKEN;\nif ('VAULT_TOKEN' in process.env) throw new Error('unset VAULT_TOKEN');", filename: 'file.ts' },
    // The runtime's client: the token comes from a login.
    {
      code: "import { createVaultClient, tokenFile } from 'mcp-secrets-runtime';\nconst client = createVaultClient({ auth: tokenFile({ path: process.env.VAULT_TOKEN_FILE }) });\nawait fetch(url, { headers: { 'X-Vault-Token': await client.token() } });",
      filename: 'file.ts',
    },
    // node-vault without a token (AppRole login later).
    { code: "const vault = require('node-vault');\nconst base = vault({ endpoint: process.env.VAULT_ADDR });", filename: 'file.cjs', languageOptions: commonjs },
    // Allowed files.
    { code: 'const admin = process.env.VAULT_TOKEN;', filename: 'scripts/bootstrap-vault.ts', options: [{ allow: ['scripts/**'] }] },
    { code: 'const admin = process.env.VAULT_TOKEN;', filename: 'tests/support/vault.test.ts', options: [{ allow: ['**/*.test.ts'] }] },
  ],
  invalid: [
    {
      code: SEED,
      filename: 'file.ts',
      errors: [
        toSink(SEED, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', "node-vault's `token` option", {
          suggestions: [
            {
              messageId: 'useAuthFromEnv',
              output: SEED.replace("import vault from 'node-vault';", "import { createVaultClient } from 'mcp-secrets-runtime';")
                .replace('vault({', 'createVaultClient({')
                .replace("  apiVersion: 'v1',\n", '')
                .replace('  endpoint:', '  address:')
                .replace('  token: process.env.VAULT_TOKEN,   // long-lived root/orphan token — NEVER DO THIS\n', ''),
            },
            {
              messageId: 'useAppRole',
              output: SEED.replace("import vault from 'node-vault';", "import { createVaultClient, appRole } from 'mcp-secrets-runtime';")
                .replace('vault({', 'createVaultClient({')
                .replace("  apiVersion: 'v1',\n", '')
                .replace('  endpoint:', '  address:')
                .replace('  token: process.env.VAULT_TOKEN,   // long-lived root/orphan token — NEVER DO THIS', '  auth: appRole(),'),
            },
          ],
        }),
      ],
    },
    {
      code: K8S,
      filename: 'file.js',
      errors: [
        toSink(K8S, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', "node-vault's `token` option", {
          suggestions: [
            {
              messageId: 'useAuthFromEnv',
              output: `import { createVaultClient } from 'mcp-secrets-runtime';
const client = createVaultClient(); // DANGEROUS
export const read = (path) => client.read(path);
`,
            },
            {
              messageId: 'useAppRole',
              output: `import { createVaultClient, appRole } from 'mcp-secrets-runtime';
const client = createVaultClient({ auth: appRole() }); // DANGEROUS
export const read = (path) => client.read(path);
`,
            },
          ],
        }),
      ],
    },
    {
      code: CJS_INLINE,
      filename: 'file.cjs',
      languageOptions: commonjs,
      errors: [
        toSink(CJS_INLINE, "process.env['VAULT_TOKEN']", 'VAULT_TOKEN', "node-vault's `token` option", {
          suggestions: [
            {
              messageId: 'useAuthFromEnv',
              output: CJS_INLINE.replace("const client = require('node-vault')({ endpoint: process.env.VAULT_ADDR, token: process.env['VAULT_TOKEN'] });", "const { createVaultClient } = require('mcp-secrets-runtime');\nconst client = createVaultClient({ address: process.env.VAULT_ADDR });"),
            },
            {
              messageId: 'useAppRole',
              output: CJS_INLINE.replace("const client = require('node-vault')({ endpoint: process.env.VAULT_ADDR, token: process.env['VAULT_TOKEN'] });", "const { createVaultClient, appRole } = require('mcp-secrets-runtime');\nconst client = createVaultClient({ address: process.env.VAULT_ADDR, auth: appRole() });"),
            },
          ],
        }),
      ],
    },
    // Exported client: callers may use node-vault methods the runtime does not have, so no suggestion.
    { code: CJS_EXPORTED, filename: 'file.cjs', languageOptions: commonjs, errors: [toSink(CJS_EXPORTED, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', "node-vault's `token` option")] },
    // node-vault's delete returns the body, the runtime's does not: no suggestion when the result is used.
    { code: DELETE_RESULT_USED, filename: 'file.ts', errors: [toSink(DELETE_RESULT_USED, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', "node-vault's `token` option")] },
    {
      code: MERGE_IMPORT,
      filename: 'file.ts',
      errors: [
        toSink(MERGE_IMPORT, 'process.env.VAULT_TOKEN!', 'VAULT_TOKEN', "node-vault's `token` option", {
          suggestions: [
            {
              messageId: 'useAuthFromEnv',
              output: MERGE_IMPORT.replace("import { SecretCache } from 'mcp-secrets-runtime';", "import { SecretCache, createVaultClient } from 'mcp-secrets-runtime';").replace(
                'const client = vault({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN! });',
                'const client = createVaultClient({ address: process.env.VAULT_ADDR });',
              ),
            },
            {
              messageId: 'useAppRole',
              output: MERGE_IMPORT.replace("import { SecretCache } from 'mcp-secrets-runtime';", "import { SecretCache, createVaultClient, appRole } from 'mcp-secrets-runtime';").replace(
                'const client = vault({ endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN! });',
                'const client = createVaultClient({ address: process.env.VAULT_ADDR, auth: appRole() });',
              ),
            },
          ],
        }),
      ],
    },
    { code: ASSIGN, filename: 'file.js', errors: [toSink(ASSIGN, 'VAULT_TOKEN: token', 'VAULT_TOKEN', "node-vault's `client.token`")] },
    { code: FETCH, filename: 'file.ts', errors: [toSink(FETCH, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', 'the `X-Vault-Token` header of `fetch()`')] },
    { code: AXIOS, filename: 'file.ts', errors: [toSink(AXIOS, 'process.env.BAO_TOKEN', 'BAO_TOKEN', 'the `Authorization: Bearer` header of `axios.create()`')] },
    { code: ZOD, filename: 'file.ts', errors: [toSink(ZOD, 'env.VAULT_TOKEN', 'VAULT_TOKEN', 'the `token` parameter of `new VaultService()`')] },
    { code: LITEHEX, filename: 'file.ts', errors: [toSink(LITEHEX, 'env.VAULT_TOKEN', 'VAULT_TOKEN', "@litehex/node-vault's `token` option")] },
    { code: HASHI, filename: 'file.js', errors: [toSink(HASHI, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', 'the token argument of hashi-vault-js `readKVSecret()`')] },
    {
      code: GOT_THROUGH_FUNCTION,
      filename: 'file.cjs',
      languageOptions: commonjs,
      errors: [toSink(GOT_THROUGH_FUNCTION, 'process.env.VAULT_TOKEN', 'VAULT_TOKEN', '`vaultGet()`, which passes it to the `X-Vault-Token` header of `got()`')],
    },
    { code: HTTP_REQUEST, filename: 'file.ts', errors: [toSink(HTTP_REQUEST, 'VAULT_TOKEN }', 'VAULT_TOKEN', 'the `X-Vault-Token` header of `https.request()`')] },
    { code: ENVALID, filename: 'file.ts', errors: [toSink(ENVALID, 'config.VAULT_TOKEN', 'VAULT_TOKEN', 'the `X-Vault-Token` header')] },
    { code: T3, filename: 'file.ts', errors: [staticToken(T3, 'env.vault_token', 'vault_token')] },
    { code: GLOBAL_THIS, filename: 'file.ts', errors: [staticToken(GLOBAL_THIS, 'globalThis', 'VAULT_TOKEN')] },
    { code: 'export const token = import.meta.env.VAULT_TOKEN;', filename: 'file.mts', errors: [staticToken('export const token = import.meta.env.VAULT_TOKEN;', 'import.meta', 'VAULT_TOKEN')] },
    // Not an allowed file: the allow list is matched against the path, not the name.
    {
      code: 'const admin = process.env.VAULT_TOKEN;',
      filename: 'src/scripts.ts',
      options: [{ allow: ['scripts/**'] }],
      errors: [staticToken('const admin = process.env.VAULT_TOKEN;', 'process', 'VAULT_TOKEN')],
    },
  ],
});
