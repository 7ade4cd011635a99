// configs.recommended in TypeScript declaration files: the rules that look for what code does are off there (a
// declaration file holds no code that runs), the rules that check literal values stay on (a `declare const` keeps
// its literal, so a token or a password in one is as leaked as anywhere). The same text as .ts gets every rule.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { DECLARATION_FILES, RUNTIME_CODE_RULES } from '../../../lib/configs/code.js';
import plugin from '../../../lib/index.js';
import { codeRules } from '../../../lib/rules/index.js';

/** One finding of every code rule (what the parser accepts; in a .d.ts the statements are type errors, not syntax errors). */
const EVERY_RULE = `import { readFileSync } from 'node:fs';
import vault from 'node-vault';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getSecret } from './secrets.js';

export const client = vault({ token: process.env.VAULT_TOKEN });
export const dbPassword = await getSecret('db/password');
try {
  await client.tokenRenewSelf();
} catch {}
console.log('token', process.env.VAULT_TOKEN);
const server = new McpServer({ name: 'demo', version: '1.0.0' });
server.tool('env', async () => ({ content: [{ type: 'text', text: JSON.stringify(process.env) }] }));
for (const line of readFileSync('/vault/secrets/db', 'utf8').split('\\n')) {
  const [key, value] = line.split('=');
  process.env[key] = value;
}
export const TOKEN = 'hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY-LGh4KHGh2cy5WRXdXTDhYdkRnR2pPb2N0T0hBd2tDS3Q';
export const DATABASE_URL = 'postgres://app:s3cretpass@db.internal:5432/app';
export const INSECURE_URL = 'postgres://db.internal:5432/app?sslmode=disable';
`;

const LITERAL_FINDINGS = [
  ['no-hardcoded-vault-token', 18, 22],
  ['no-static-db-credentials', 19, 29],
  ['require-tls-verification', 20, 29],
];

const eslint = new ESLint({ cwd: '/project', overrideConfigFile: true, overrideConfig: plugin.configs.recommended });

async function findings(filePath: string): Promise<(string | number)[][]> {
  const [result] = await eslint.lintText(EVERY_RULE, { filePath });
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages.map((message) => [message.ruleId?.replace('mcp-secrets/', '') ?? '', message.line, message.column]);
}

describe('configs.recommended in declaration files', () => {
  it('runs every code rule on the text as a .ts file', async () => {
    const found = await findings('/project/src/server.ts');
    expect(new Set(found.map(([rule]) => rule))).toEqual(new Set(Object.keys(codeRules)));
    expect(found).toEqual(expect.arrayContaining(LITERAL_FINDINGS));
  });

  it.each(['src/server.d.ts', 'types/server.d.mts', 'types/server.d.cts'])('reports only the literal values in %s', async (file) => {
    expect(await findings(`/project/${file}`)).toEqual(LITERAL_FINDINGS);
  });

  it('turns off exactly the rules that say they find nothing in a declaration file', () => {
    for (const [name, rule] of Object.entries(codeRules)) {
      expect({ name, declared: typeof rule.meta.docs?.declarationFiles }).toEqual({ name, declared: 'boolean' });
    }
    expect([...RUNTIME_CODE_RULES].sort()).toEqual([
      'no-module-scope-secret',
      'no-naive-secret-file-parsing',
      'no-secret-in-log',
      'no-secret-in-tool-result',
      'no-static-vault-token',
      'no-swallowed-renewal-error',
    ]);
    const block = plugin.configs.recommended.find((config) => config.name === 'mcp-secrets/recommended/declaration-files');
    expect(block?.files).toEqual(DECLARATION_FILES);
    expect(block?.rules).toEqual(Object.fromEntries(RUNTIME_CODE_RULES.map((name) => [`mcp-secrets/${name}`, 'off'])));
  });
});
