// createRule merges a rule's default options into the configured ones once per configuration and hands every file
// the same frozen result: these tests pin that sharing, and that a different configuration gets its own options.
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createRule } from '../../../lib/util/create-rule.js';

type Options = [{ names?: string[]; strict?: boolean }];

function probeRule(seen: unknown[]) {
  return createRule<Options, 'seen'>({
    name: 'probe',
    meta: {
      type: 'problem',
      docs: { description: 'records its options', recommended: false },
      schema: [{ type: 'object', properties: { names: { type: 'array', items: { type: 'string' } }, strict: { type: 'boolean' } }, additionalProperties: false }],
      defaultOptions: [{ names: ['a', 'b'], strict: false }],
      messages: { seen: 'seen' },
    },
    defaultOptions: [{ names: ['a', 'b'], strict: false }],
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
}

function lintTwice(rule: ReturnType<typeof probeRule>, config: Linter.RuleEntry): void {
  const linter = new Linter({ configType: 'flat' });
  const configArray: Linter.Config[] = [{ plugins: { t: { rules: { probe: rule as never } } }, rules: { 't/probe': config } }];
  linter.verify('const a = 1;', configArray, 'a.js');
  linter.verify('const b = 2;', configArray, 'b.js');
}

describe('createRule options', () => {
  it('gives every file the same frozen options, with the defaults merged in', () => {
    const seen: unknown[] = [];
    lintTwice(probeRule(seen), 'error');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({ names: ['a', 'b'], strict: false });
    expect(seen[1]).toBe(seen[0]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(() => (seen[0] as { names: string[] }).names.push('c')).toThrow(TypeError);
  });

  it('shares options between files of an options-carrying config too, and keeps configurations apart', () => {
    const seen: unknown[] = [];
    const rule = probeRule(seen);
    lintTwice(rule, ['error', { strict: true }]);
    lintTwice(rule, ['error', { names: ['x'] }]);
    lintTwice(rule, ['error', { strict: true }]);
    expect(seen[0]).toEqual({ names: ['a', 'b'], strict: true });
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toEqual({ names: ['x'], strict: false });
    expect(seen[3]).toBe(seen[2]);
    expect(seen[4]).toBe(seen[0]);
  });
});
