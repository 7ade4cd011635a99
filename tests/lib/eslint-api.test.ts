// The plugin as a user meets it: ESLint's Node API with `configs.recommended` and no config file, over a small project
// (tests/lib/fixtures/eslint-api: bad/ has one dangerous pattern per code rule, good/ the near misses of the same
// shapes). The assertion is the whole picture: which rule fires in which file at which line and column, and nothing
// else, so a rule that starts firing on a near miss, or stops firing, or a config that stops matching a file
// extension (.cjs, .mts, .cts), fails here.
import { ESLint } from 'eslint';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../lib/index.js';
import { codeRules } from '../../lib/rules/index.js';

const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/eslint-api/', import.meta.url));

type Finding = [rule: string, line: number, column: number];

/** Every file of the fixture project with what must be reported in it (rule names without the plugin prefix). */
const EXPECTED: Record<string, Finding[]> = {
  'bad/agent-reader.cts': [['no-naive-secret-file-parsing', 6, 70]],
  'bad/db-pool.cjs': [['no-static-db-credentials', 4, 21]],
  'bad/hardcoded-token.js': [['no-hardcoded-vault-token', 3, 10]],
  'bad/insecure-tls.js': [
    ['require-tls-verification', 3, 1],
    ['require-tls-verification', 5, 57],
  ],
  'bad/lease-renewal.ts': [['no-swallowed-renewal-error', 6, 7]],
  'bad/log-secret.ts': [['no-secret-in-log', 3, 43]],
  'bad/module-secret.mts': [
    ['no-module-scope-secret', 5, 23],
    ['no-module-scope-secret', 7, 14],
  ],
  'bad/tool-result.ts': [['no-secret-in-tool-result', 7, 50]],
  'bad/vault-client.ts': [['no-static-vault-token', 7, 10]],
  'good/agent-file.ts': [],
  'good/approle-client.ts': [],
  'good/renewal-handled.js': [],
  'good/secret-cache.mts': [],
  'good/tls-verified.cjs': [],
  'good/tool-and-log.ts': [],
};

describe('ESLint API with configs.recommended', () => {
  let results: ESLint.LintResult[];

  beforeAll(async () => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: plugin.configs.recommended, cwd: FIXTURE_DIR });
    results = await eslint.lintFiles(['.']);
  });

  it('reports exactly the expected rules at the expected places, and nothing in the near misses', () => {
    const actual = Object.fromEntries(
      results.map((result) => [
        relative(FIXTURE_DIR, result.filePath).split(sep).join('/'),
        result.messages.map((m): Finding | [string | null, number, number, string] =>
          m.ruleId?.startsWith('mcp-secrets/') ? [m.ruleId.slice('mcp-secrets/'.length), m.line, m.column] : [m.ruleId, m.line, m.column, m.message],
        ),
      ]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('reports every finding as an error, as configs.recommended promises', () => {
    const severities = new Set(results.flatMap((result) => result.messages.map((m) => m.severity)));
    expect([...severities]).toEqual([2]);
    expect(results.reduce((sum, r) => sum + r.errorCount, 0)).toBe(Object.values(EXPECTED).flat().length);
  });

  it('has a dangerous fixture for every code rule of the plugin', () => {
    const fired = new Set(Object.values(EXPECTED).flat().map(([rule]) => rule));
    expect([...fired].sort()).toEqual(Object.keys(codeRules).sort());
  });
});
