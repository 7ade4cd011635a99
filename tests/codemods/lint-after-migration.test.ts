// After a transform, the lint rule that reported the pattern it migrates reports nothing, except inside statements
// it marked for a human. And before it, the rule did report something: the fixtures are the patterns the rules find.
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../lib/index.js';
import { FIXTURES_DIR, fixturesOf } from './support/fixtures.js';
import { markedLines } from './support/marked-lines.js';

/** What each transform migrates, by the rules that report it. */
const RULES_BY_TRANSFORM: Record<string, string[]> = {
  'vault-token-to-approle': ['no-static-vault-token', 'no-hardcoded-vault-token'],
  'database-url-to-dynamic-pool': ['no-static-db-credentials'],
  'module-secret-to-cache': ['no-module-scope-secret'],
  'agent-file-reader': ['no-naive-secret-file-parsing'],
};

const eslint = new ESLint({
  cwd: FIXTURES_DIR,
  overrideConfigFile: true,
  overrideConfig: plugin.configs['recommended-code'] as Linter.Config[],
});

async function findings(code: string, filePath: string, rules: string[]): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: false });
  const fatal = result.messages.filter((message) => message.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((message) => rules.some((rule) => message.ruleId === `mcp-secrets/${rule}`));
}

for (const [transform, rules] of Object.entries(RULES_BY_TRANSFORM)) {
  describe(`${transform}: ${rules.join(', ')} after migration`, () => {
    for (const pair of fixturesOf(transform).pairs) {
      const filePath = `${FIXTURES_DIR}${transform}/${pair.fileName}`;

      it(`${pair.fileName}: reported before, nothing left outside markers after`, async () => {
        expect((await findings(pair.input, filePath, rules)).length).toBeGreaterThan(0);
        const marked = markedLines(pair.output, pair.fileName);
        const left = (await findings(pair.output, filePath, rules)).filter((message) => !marked.has(message.line));
        expect(left.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message.slice(0, 80)}`)).toEqual([]);
      });
    }
  });
}
