import rule from '../../../lib/rules/no-module-scope-secret.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

interface Expected {
  needle: string;
  occurrence?: number;
  binding: string;
  fetcher?: string;
  client?: string;
}

function invalid(code: string, expected: Expected[], extra: { filename?: string; commonjs?: boolean; options?: [Record<string, unknown>] } = {}) {
  return {
    code,
    filename: extra.filename ?? 'file.ts',
    ...(extra.commonjs ? { languageOptions: commonjs } : {}),
    ...(extra.options ? { options: extra.options } : {}),
    output: null,
    errors: expected.map((e) =>
      e.client
        ? { messageId: 'clientFromModuleSecret' as const, data: { client: e.client, binding: e.binding }, ...at(code, e.needle, e.occurrence), suggestions: [] }
        : { messageId: 'moduleScopeSecret' as const, data: { binding: e.binding, fetcher: e.fetcher }, ...at(code, e.needle, e.occurrence), suggestions: [] },
    ),
  };
}

// The seed article's DANGEROUS block.
const SEED = `import { Pool } from 'pg';

const DB_PASS = await fetchSecret('database/creds/mcp-app-role');
// ^ evaluated ONCE at import time, cached forever in module scope

const pool = new Pool({ password: DB_PASS });  // uses stale credential post-rotation

export async function queryDb(sql: string, params: unknown[]) {
  return pool.query(sql, params);
}`;

ruleTester.run('no-module-scope-secret', rule, {
  valid: [
    // Fetched where it is used: fresh on every call (or cached by the caller).
    { code: "export async function handler() { const key = await getSecret('api-key'); return callApi(key); }", filename: 'file.ts' },
    // A lazy memo inside a function is not module-load code.
    { code: "let cached: string | undefined;\nexport async function apiKey() { cached ??= await fetchSecret('api-key'); return cached; }", filename: 'file.ts' },
    // Top-level await of things that are not secrets.
    { code: "const { Pool } = await import('pg');", filename: 'file.mjs' },
    { code: "import vault from 'node-vault';\nconst client = vault({ endpoint: process.env.VAULT_ADDR });\nconst health = await client.read('sys/health');", filename: 'file.ts' },
    { code: "const profile = await storage.read('users/data/profile.json');", filename: 'file.ts' }, // a */data/ path, but not a Vault client
    { code: 'const next = await getPageToken();', filename: 'file.ts' }, // a pagination cursor, not a credential
    { code: 'const first = getFirstToken(node);', filename: 'file.js' }, // synchronous tokenizer call: not a fetch
    // Fetched at load but not kept.
    { code: "await getSecret('warm-up');", filename: 'file.ts' },
    // A SecretCache around the fetcher: the call runs later, inside the arrow.
    { code: "import { SecretCache } from 'mcp-secrets-runtime';\nconst secrets = new SecretCache((name) => readSecret(`secret/data/${name}`));", filename: 'file.ts' },
    // A `.then` assigning a function-local variable.
    { code: "export async function f() { let k; getSecret('x').then((v) => { k = v; }); return k; }", filename: 'file.js' },
    // Config files and allowed one-shot scripts.
    { code: "const key = await getSecret('sentry-token');\nexport default { plugins: [sentry({ authToken: key })] };", filename: 'vite.config.ts' },
    { code: "const password = await fetchSecret('db');\nawait migrate(password);", filename: 'scripts/migrate.ts', options: [{ allow: ['scripts/**'] }] },
    // Derived data is not a client (the fetch itself is what is reported).
    { code: "export async function f() { const secret = await getSecret('x'); return JSON.parse(secret); }", filename: 'file.ts' },
    // Odd code: nothing to report, nothing to throw on.
    { code: "const a = await (0, getSecret);\nconst b = await new Promise((resolve) => resolve(1));\nconst { c } = {};\nlet d;\n[d] = [1];", filename: 'file.ts' },
    { code: 'const e = await client.read();\nconst f = await x.send();\nconst g = await x.send(new (class {})());', filename: 'file.ts' },
    // A custom fetcher list replaces the default one.
    { code: "const key = await getSecret('api');", filename: 'file.ts', options: [{ fetchers: ['pullFromVault'], credentialGetters: false }] },
  ],
  invalid: [
    invalid(SEED, [
      { needle: 'fetchSecret(', binding: 'DB_PASS', fetcher: '`fetchSecret()`' },
      { needle: 'new Pool', binding: 'DB_PASS', client: 'pool' },
    ]),
    invalid("import vault from 'node-vault';\nconst client = vault({ endpoint: process.env.VAULT_ADDR });\nconst { data } = await client.read('secret/data/api-key');", [
      { needle: 'client.read', binding: 'data', fetcher: 'Vault read of `secret/data/api-key`' },
    ]),
    invalid(
      "let apiKey;\ngetSecret('api-key').then((value) => {\n  apiKey = value;\n});\nmodule.exports = { call: () => request(apiKey) };",
      [{ needle: 'getSecret(', binding: 'apiKey', fetcher: '`getSecret()`' }],
      { filename: 'file.cjs', commonjs: true },
    ),
    invalid(
      "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\nconst sm = new SecretsManagerClient({});\nconst secret = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));",
      [{ needle: 'sm.send', binding: 'secret', fetcher: 'AWS `GetSecretValueCommand`' }],
    ),
    invalid("const [dbPassword, apiKey] = await Promise.all([readSecret('db'), loadSecret('api')]);", [
      { needle: 'readSecret(', binding: 'dbPassword', fetcher: '`readSecret()`' },
      { needle: 'loadSecret(', binding: 'apiKey', fetcher: '`loadSecret()`' },
    ], { filename: 'file.mjs' }),
    invalid('export const API_KEY = (await getApiKey()) as string;', [{ needle: 'getApiKey(', binding: 'API_KEY', fetcher: '`getApiKey()`' }]),
    // The noun right after the verb (missed until 2026-11-26, the documented loadCredentials() included).
    invalid('const dbPassword = await getPassword();', [{ needle: 'getPassword(', binding: 'dbPassword', fetcher: '`getPassword()`' }]),
    invalid("const creds = require('./vault').loadCredentials().then((c) => c.db);", [
      { needle: "require('./vault').loadCredentials()", binding: 'creds', fetcher: '`loadCredentials()`' },
    ], { filename: 'file.cjs', commonjs: true }),
    invalid("let token: string;\n(async () => {\n  token = await fetchSecret('vault-token');\n})();", [
      { needle: 'fetchSecret(', binding: 'token', fetcher: '`fetchSecret()`' },
    ]),
    invalid("const secretPromise = getSecret('db-password');\nexports.query = async (sql) => (await connect(await secretPromise)).query(sql);", [
      { needle: 'getSecret(', binding: 'secretPromise', fetcher: '`getSecret()`' },
    ], { filename: 'file.cjs', commonjs: true }),
    invalid('const creds = await vaultClient.read(`pg/data/${role}`);', [{ needle: 'vaultClient.read', binding: 'creds', fetcher: 'Vault read of `pg/data/`' }]),
    invalid("const key = await pullFromVault('k');", [{ needle: 'pullFromVault(', binding: 'key', fetcher: '`pullFromVault()`' }], {
      options: [{ fetchers: ['pullFromVault'] }],
    }),
    // A configured name the source gate's scanner cannot fold (non-ASCII letters) is still looked for.
    invalid("const schlüssel = await holeGeheimnisÄ('k');", [{ needle: 'holeGeheimnisÄ(', binding: 'schlüssel', fetcher: '`holeGeheimnisÄ()`' }], {
      options: [{ fetchers: ['holeGeheimnisÄ'] }],
    }),
    invalid(
      "const AWS = require('aws-sdk');\nconst secretsManager = new AWS.SecretsManager();\nlet dbSecret;\nsecretsManager.getSecretValue({ SecretId: 'db' }).promise().then((res) => { dbSecret = JSON.parse(res.SecretString); });",
      [{ needle: 'secretsManager.getSecretValue', binding: 'dbSecret', fetcher: '`getSecretValue()`' }],
      { filename: 'file.cjs', commonjs: true },
    ),
    invalid(
      "import pg from 'pg';\nconst DB_PASS = await getSecret('db');\nexport const pool = new pg.Pool({ connectionString: `postgres://app:${DB_PASS}@db.internal/app` });",
      [
        { needle: 'getSecret(', binding: 'DB_PASS', fetcher: '`getSecret()`' },
        { needle: 'new pg.Pool', binding: 'DB_PASS', client: 'pool' },
      ],
    ),
    invalid(
      "import { createVaultClient } from 'mcp-secrets-runtime';\nconst vault = createVaultClient();\nconst { data: creds } = await vault.read('database/creds/mcp-app');\nconst pool = new Pool({ user: creds.username, password: creds.password });",
      [
        { needle: 'vault.read', binding: 'creds', fetcher: 'Vault read of `database/creds/mcp-app`' },
        { needle: 'new Pool', binding: 'creds', client: 'pool' },
      ],
    ),
    invalid(
      "const raw = await getSecret('db');\nconst parsed = JSON.parse(raw);\nexport const sql = postgres({ password: parsed.password });",
      [
        { needle: 'getSecret(', binding: 'raw', fetcher: '`getSecret()`' },
        { needle: 'postgres({', binding: 'raw', client: 'sql' },
      ],
    ),
    invalid(
      "const vault = require('node-vault');\nlet token;\nfetchSecret('vault/token').then((t) => { token = t; });\nconst client = vault({ endpoint: addr, token });",
      [{ needle: 'fetchSecret(', binding: 'token', fetcher: '`fetchSecret()`' }, { needle: 'vault({', binding: 'token', client: 'client' }],
      { filename: 'file.cjs', commonjs: true },
    ),
    invalid("const key = await secrets?.getSecret?.('api-key');", [{ needle: 'secrets?.getSecret', binding: 'key', fetcher: '`getSecret()`' }]),
    invalid(
      "import { createVaultClient } from 'mcp-secrets-runtime';\nconst c = createVaultClient();\nconst response = await c.read('app/data/db');",
      [{ needle: 'c.read', binding: 'response', fetcher: 'Vault read of `app/data/db`' }],
    ),
  ],
});
