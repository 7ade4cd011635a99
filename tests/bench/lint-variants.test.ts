// The lint benchmark's decomposition set-ups must measure what their names say: `our create() only` runs every rule's
// create() but reports nothing, and `as many no-op rules` configures as many rules as recommended-code.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../bench/lint-corpus.js';
import { variantConfig } from '../../bench/lint-variants.js';
import plugin from '../../lib/index.js';

const FILE = 'src/server.js';
const CODE = 'const vault = require("node-vault")({ token: process.env.VAULT_TOKEN });\n';

async function lint(variant: Parameters<typeof variantConfig>[0]): Promise<ESLint.LintResult> {
  const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: true, overrideConfig: variantConfig(variant, plugin), stats: true });
  const [result] = await eslint.lintText(CODE, { filePath: FILE });
  return result;
}

/** The rules ESLint ran for the file, from its stats (every configured rule has an entry, listeners or not). */
function rulesRun(result: ESLint.LintResult): string[] {
  return Object.keys(result.stats?.times.passes[0].rules ?? {}).sort();
}

describe('lint benchmark set-ups', () => {
  it('recommended-code reports the static token', async () => {
    const result = await lint('recommended-code');
    expect(result.messages.map((message) => message.ruleId)).toContain('mcp-secrets/no-static-vault-token');
  });

  it('our create() only runs the same rules and reports nothing', async () => {
    const [full, createOnly] = [await lint('recommended-code'), await lint('our create() only')];
    expect(rulesRun(createOnly)).toEqual(rulesRun(full));
    expect(rulesRun(createOnly).length).toBeGreaterThan(5);
    expect(createOnly.messages).toEqual([]);
  });

  it('as many no-op rules configures as many rules as recommended-code, and reports nothing', async () => {
    const [full, noOps] = [await lint('recommended-code'), await lint('as many no-op rules')];
    expect(rulesRun(noOps)).toHaveLength(rulesRun(full).length);
    expect(rulesRun(noOps).every((rule) => rule.startsWith('bench/no-op-'))).toBe(true);
    expect(noOps.messages).toEqual([]);
  });
});
