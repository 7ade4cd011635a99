import rule from '../../../lib/rules/no-static-db-credentials.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

const env = (code: string, needle: string, name: string, where: string, occurrence?: number) => ({
  messageId: 'envCredential' as const,
  data: { name, where },
  ...at(code, needle, occurrence),
});
const literalPassword = (code: string, needle: string, where: string) => ({ messageId: 'literalPassword' as const, data: { where }, ...at(code, needle) });
const literalUrl = (code: string, needle: string, scheme: string, user: string) => ({ messageId: 'literalUrl' as const, data: { scheme, user }, ...at(code, needle) });

// The article's second DANGEROUS block.
const SEED = `import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // e.g. postgres://appuser:SuperSecretPass123@db.internal:5432/appdb
});
`;

const CJS_LITERAL = `const pg = require('pg');
const client = new pg.Client({ host: 'db.internal', user: 'app', password: 'S3cr3t-pw!', database: 'app' });
module.exports = client;
`;

const REQUIRE_INLINE = `const pool = new (require('pg').Pool)({ password: process.env.PGPASSWORD });
`;

const POSTGRES_JS = `import postgres from 'postgres';
export const sql = postgres(process.env.POSTGRES_URL!, { max: 5 });
`;

const KNEX = `import knex from 'knex';
import { cleanEnv, str } from 'envalid';
const config = cleanEnv(process.env, { DB_PASSWORD: str() });
export const db = knex({ client: 'pg', connection: { host: 'db', user: 'app', password: config.DB_PASSWORD } });
`;

const SEQUELIZE = `const { Sequelize } = require('sequelize');
const sequelize = new Sequelize('app', 'app', process.env.DB_PASS, { dialect: 'postgres' });
`;

const LITERAL_URL = `export const url = 'postgres://app:Sup3rSecretPass123@db.internal:5432/appdb';
`;

const TEMPLATE_URL = `export function connectionUrl(user: string, password: string, host: string) {
  return \`postgres://\${user}:\${encodeURIComponent(password)}@\${host}/app\`;
}
`;

const TEMPLATE_ENV = `const url = \`postgresql://app:\${process.env.APP_DB_SECRET}@db/app\`;
`;

const CONCAT = `const url = 'mysql://root:' + 'hunter2' + '@localhost/db';
`;

const WRAPPER = `import { createDatabase } from './db.js';
export const db = createDatabase({ host: 'db', port: 5432, user: 'app', password: process.env.APP_SECRET });
`;

const DESTRUCTURED = `const { DATABASE_PASSWORD, DATABASE_HOST } = process.env;
export { DATABASE_PASSWORD, DATABASE_HOST };
`;

const ZOD_CONFIG = `import { z } from 'zod';
const env = z.object({ POSTGRES_PASSWORD: z.string() }).parse(process.env);
export const password = env.POSTGRES_PASSWORD;
`;

const ALIAS = `import pg from 'pg';
const pw = process.env.PGPASSWORD;
export const client = new pg.Client({ password: pw });
`;

const LITERAL_CONST = `import { Pool as PgPool } from 'pg';
const DB_PASSWORD = 'correct-horse-battery';
export const pool = new PgPool({ host: 'db', password: DB_PASSWORD });
`;

const MYSQL = `import mysql from 'mysql2/promise';
export const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
`;

const SPREAD = `import { Pool } from 'pg';
const base = { max: 10, connectionString: process.env.PG_URL };
export const pool = new Pool({ ...base, idleTimeoutMillis: 1000 });
`;

ruleTester.run('no-static-db-credentials', rule, {
  valid: [
    // The article's SAFE pool: credentials fetched from Vault's database engine.
    {
      code: `import { Pool } from 'pg';
async function make() {
  const creds = await fetchDynamicDbCreds();
  return new Pool({ host: process.env.DB_HOST, port: 5432, database: process.env.DB_NAME, user: creds.username, password: creds.password });
}`,
      filename: 'file.ts',
    },
    // An async password function is how pg takes rotating passwords.
    { code: "import { Pool } from 'pg';\nexport const pool = new Pool({ host: 'db', password: async () => secrets.get('db-password') });", filename: 'file.ts' },
    // No password in the URL, or a placeholder one in docs.
    { code: "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: 'postgres://db.internal:5432/app' });", filename: 'file.ts' },
    { code: "const example = 'postgres://app:${DB_PASSWORD}@db/app';\nconst doc = 'postgres://user:password@localhost/db';", filename: 'file.js' },
    // Password and URL built from a Vault read.
    {
      code: 'const creds = (await vault.read("database/creds/app")).data;\nconst url = `postgres://${creds.username}:${creds.password}@db/app`;\nconst opts = { host: "db", user: creds.username, password: creds.password };',
      filename: 'file.ts',
    },
    // Env vars that are not passwords: a password *file* path, a host.
    { code: 'const file = process.env.DB_PASSWORD_FILE;\nconst host = process.env.DATABASE_HOST;', filename: 'file.ts' },
    // A password that is not plainly connection options, from a non-database env var.
    { code: "const form = { password: process.env.ADMIN_UI_PASSWORD, theme: 'dark' };", filename: 'file.js' },
    // The runtime's pool takes its credentials from Vault: a connection string only gives host, port and database.
    {
      code: "import { createDynamicPgPool, createVaultClient } from 'mcp-secrets-runtime';\nexport const pool = createDynamicPgPool({ vault: createVaultClient(), role: 'mcp-app', connectionString: process.env.DATABASE_URL });",
      filename: 'file.ts',
    },
    // A Pool from another library, with no connection keys.
    { code: "import { Pool } from 'generic-pool';\nexport const p = new Pool({ password: 'hunter2' });", filename: 'file.ts' },
    // Passwords in non-database URLs are another rule's business; empty passwords are not secrets.
    { code: "const u = 'https://user:pa55word@example.com/';\nconst opts = { host: 'db', user: 'app', password: '' };", filename: 'file.js' },
    { code: "const { Client } = require('pg');\nconst c = new Client({ connectionString: process.env.DATABASE_HOST_ONLY ? undefined : 'postgres://db/app' });", filename: 'file.cjs', languageOptions: commonjs },
  ],
  invalid: [
    { code: SEED, filename: 'file.ts', errors: [env(SEED, 'process.env.DATABASE_URL', 'DATABASE_URL', ' as the connection string of pg `Pool`')] },
    {
      code: CJS_LITERAL,
      filename: 'file.cjs',
      languageOptions: commonjs,
      errors: [literalPassword(CJS_LITERAL, "'S3cr3t-pw!'", ' as the password of pg `Client`')],
    },
    { code: REQUIRE_INLINE, filename: 'file.js', languageOptions: commonjs, errors: [env(REQUIRE_INLINE, 'process.env.PGPASSWORD', 'PGPASSWORD', ' as the password of pg `Pool`')] },
    { code: POSTGRES_JS, filename: 'file.ts', errors: [env(POSTGRES_JS, 'process.env.POSTGRES_URL', 'POSTGRES_URL', ' as the connection string of postgres.js `postgres()`')] },
    { code: KNEX, filename: 'file.ts', errors: [env(KNEX, 'config.DB_PASSWORD', 'DB_PASSWORD', ' as the password of `knex()`')] },
    { code: SEQUELIZE, filename: 'file.cjs', languageOptions: commonjs, errors: [env(SEQUELIZE, 'process.env.DB_PASS', 'DB_PASS', ' as the password of Sequelize')] },
    { code: LITERAL_URL, filename: 'file.js', errors: [literalUrl(LITERAL_URL, "'postgres://", 'postgres', 'app')] },
    {
      code: TEMPLATE_URL,
      filename: 'file.ts',
      errors: [{ messageId: 'builtUrl', data: { password: 'encodeURIComponent(password)' }, ...at(TEMPLATE_URL, 'encodeURIComponent') }],
    },
    { code: TEMPLATE_ENV, filename: 'file.js', errors: [env(TEMPLATE_ENV, 'process.env', 'APP_DB_SECRET', ' into a connection URL')] },
    { code: CONCAT, filename: 'file.js', errors: [literalUrl(CONCAT, "'mysql://", 'mysql', 'root')] },
    { code: WRAPPER, filename: 'file.ts', errors: [env(WRAPPER, 'process.env', 'APP_SECRET', ' as the password of connection options')] },
    { code: DESTRUCTURED, filename: 'file.js', errors: [env(DESTRUCTURED, 'DATABASE_PASSWORD', 'DATABASE_PASSWORD', '')] },
    { code: ZOD_CONFIG, filename: 'file.ts', errors: [env(ZOD_CONFIG, 'env.POSTGRES_PASSWORD', 'POSTGRES_PASSWORD', '')] },
    // Reported once, where it is read, with where it goes.
    { code: ALIAS, filename: 'file.ts', errors: [env(ALIAS, 'process.env.PGPASSWORD', 'PGPASSWORD', ' as the password of pg `Client`')] },
    { code: LITERAL_CONST, filename: 'file.ts', errors: [literalPassword(LITERAL_CONST, "'correct-horse-battery'", ' as the password of pg `Pool`')] },
    { code: MYSQL, filename: 'file.ts', errors: [env(MYSQL, 'process.env.MYSQL_URL', 'MYSQL_URL', ' as the connection string of mysql2/promise `createPool()`')] },
    { code: SPREAD, filename: 'file.ts', errors: [env(SPREAD, 'process.env.PG_URL', 'PG_URL', ' as the connection string of pg `Pool`')] },
  ],
});
