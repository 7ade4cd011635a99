// typescript-eslint's RuleTester wired to vitest, plus a helper that finds where a case's report should start.
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export { RuleTester };

/**
 * The 1-based line and column of the `occurrence`-th appearance of `needle` in `code`: the expected start of a
 * report, written as the code it points at rather than as numbers that silently go stale when a case is edited.
 */
export function at(code: string, needle: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = code.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found in test code`);
  }
  const before = code.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { line, column };
}

/**
 * Language options for a CommonJS case: a script whose top level is the module wrapper function (what ESLint's
 * `sourceType: 'commonjs'` gives with espree), so rules see `require`, `module.exports` and a function scope at top.
 */
export const commonjs = {
  parserOptions: { sourceType: 'script' as const, ecmaFeatures: { globalReturn: true } },
};
