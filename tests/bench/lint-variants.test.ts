// The lint benchmark's set-ups are rule selections from one configuration (ESLint's ruleFilter picks them), so they
// must run what their names say: recommended-code our rules, parse-only none, `our create() only` every rule's create()
// but no report, `as many no-op rules` as many rules as recommended-code.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../bench/lint-corpus.js';
import { benchConfig, parseOnlyConfig, VARIANTS, variantRules, type Variant } from '../../bench/lint-variants.js';
import plugin from '../../lib/index.js';

const FILE = 'src/server.js';
const CODE = 'const vault = require("node-vault")({ token: process.env.VAULT_TOKEN });\n';

let selected: (ruleId: string) => boolean = () => true;
const shared = new ESLint({
  cwd: REPO_ROOT,
  overrideConfigFile: true,
  overrideConfig: benchConfig(plugin),
  stats: true,
  ruleFilter: ({ ruleId }) => selected(ruleId),
});

async function lint(variant: Variant, filePath = FILE): Promise<ESLint.LintResult> {
  selected = variantRules(variant);
  const [result] = await shared.lintText(CODE, { filePath });
  return result;
}

/** The rules ESLint ran for the file, from its stats (every rule that ran has an entry, listeners or not). */
function rulesRun(result: ESLint.LintResult): string[] {
  return Object.keys(result.stats?.times.passes[0].rules ?? {}).sort();
}

describe('lint benchmark set-ups', () => {
  it('recommended-code runs our rules only, and reports the static token', async () => {
    const result = await lint('recommended-code');
    expect(result.messages.map((message) => message.ruleId)).toContain('mcp-secrets/no-static-vault-token');
    expect(rulesRun(result).length).toBeGreaterThan(5);
    expect(rulesRun(result).every((rule) => rule.startsWith('mcp-secrets/'))).toBe(true);
  });

  it('parse-only and its control run no rule', async () => {
    for (const variant of ['parse-only', 'parse-only again'] as const) {
      const result = await lint(variant);
      expect(rulesRun(result)).toEqual([]);
      expect(result.messages).toEqual([]);
    }
  });

  it('our create() only runs as many rules as recommended-code and reports nothing', async () => {
    const [full, createOnly] = [await lint('recommended-code'), await lint('our create() only')];
    expect(rulesRun(createOnly).map((rule) => rule.replace('bench-create-only/', 'mcp-secrets/'))).toEqual(rulesRun(full));
    expect(createOnly.messages).toEqual([]);
  });

  it('as many no-op rules configures as many rules as recommended-code, and reports nothing', async () => {
    const [full, noOps] = [await lint('recommended-code'), await lint('as many no-op rules')];
    expect(rulesRun(noOps)).toHaveLength(rulesRun(full).length);
    expect(rulesRun(noOps).every((rule) => rule.startsWith('bench-no-ops/no-op-'))).toBe(true);
    expect(noOps.messages).toEqual([]);
  });

  it('in a declaration file, the decomposition set-ups run as many rules as recommended-code, which runs fewer', async () => {
    const [full, declarations] = [await lint('recommended-code'), await lint('recommended-code', 'types/server.d.ts')];
    expect(rulesRun(declarations).length).toBeGreaterThan(0);
    expect(rulesRun(declarations).length).toBeLessThan(rulesRun(full).length);
    const createOnly = await lint('our create() only', 'types/server.d.ts');
    expect(rulesRun(createOnly).map((rule) => rule.replace('bench-create-only/', 'mcp-secrets/'))).toEqual(rulesRun(declarations));
    expect(rulesRun(await lint('as many no-op rules', 'types/server.d.ts'))).toHaveLength(rulesRun(declarations).length);
  });

  it('one no-op rule and no-secrets run one rule each', async () => {
    expect(rulesRun(await lint('one no-op rule'))).toEqual(['bench/no-op']);
    expect(rulesRun(await lint('no-secrets'))).toEqual(['no-secrets/no-secrets']);
  });

  it('every configured rule belongs to exactly one set-up', () => {
    const ids = benchConfig(plugin).flatMap((config) => Object.keys(config.rules ?? {}));
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect({ id, setUps: VARIANTS.filter((variant) => variantRules(variant)(id)) }).toEqual({ id, setUps: [expect.any(String)] });
  });

  it('parse-only in an instance of its own configures no rule at all', () => {
    expect(parseOnlyConfig(plugin).flatMap((config) => Object.keys(config.rules ?? {}))).toEqual([]);
    expect(parseOnlyConfig(plugin).some((config) => config.plugins)).toBe(false);
  });
});
