// The ESLint set-ups the lint benchmark (bench/lint.bench.ts) compares: parse-only (no rules), our recommended-code
// rules, eslint-plugin-no-secrets' rule, and parse-only once more as a control; with LINT_BENCH_DECOMPOSE=1 also two
// set-ups that split our cost into ESLint's per-rule set-up, our create() work and our listeners.
import type { ESLint, Linter, Rule } from 'eslint';
import noSecretsPlugin from 'eslint-plugin-no-secrets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_FILES } from '../lib/configs/code.js';
import { REPO_ROOT } from './lint-corpus.js';

export type Plugin = (typeof import('../lib/index.js'))['default'];

/**
 * `one no-op rule` is parse-only plus one rule that registers nothing: what ESLint itself costs once any rule is
 * configured (see docs/benchmarks.md), which every real set-up pays before our rules add theirs. `parse-only again`
 * is an A/A control: the same set-up as parse-only, so its difference from it is pure noise.
 */
export const VARIANTS = [
  'parse-only',
  'one no-op rule',
  'recommended-code',
  'no-secrets',
  'parse-only again',
  'as many no-op rules',
  'our create() only',
] as const;
export type Variant = (typeof VARIANTS)[number];

/**
 * The built plugin (dist/, what users run; `npm run bench` builds first), or the TypeScript source through tsx when
 * there is no build. tsx's transpiled output is slower than tsc's (it wraps every function for its name), so the
 * source only stands in for a quick look.
 */
export async function loadPlugin(): Promise<{ plugin: Plugin; from: string }> {
  const built = join(REPO_ROOT, 'dist/lib/index.js');
  if (existsSync(built)) {
    const mod = (await import(pathToFileURL(built).href)) as { default: Plugin };
    return { plugin: mod.default, from: 'dist/lib (built)' };
  }
  const mod = await import('../lib/index.js');
  return { plugin: mod.default, from: 'lib/ through tsx (no build found)' };
}

/** The same configs with every rule (and the plugin objects) removed: what is left is parsing and traversal. */
function withoutRules(config: Linter.Config[]): Linter.Config[] {
  return config.map(({ rules: _rules, plugins: _plugins, ...rest }) => rest);
}


/** A rule that registers no listener, so ESLint runs nothing of it but its set-up. */
const NO_OP_RULE: Rule.RuleModule = { meta: { type: 'problem', schema: [] }, create: () => ({}) };
const NO_OP_PLUGIN: ESLint.Plugin = { rules: { 'no-op': NO_OP_RULE } };

/**
 * The decomposition set-ups: `as many no-op rules` as recommended-code enables (ESLint's own per-rule cost), and
 * `our create() only`, our rules with their create() run in full (gates and set-up) but their listeners dropped, so
 * that ESLint neither dispatches to them nor runs them.
 */
function asManyNoOpRules(recommended: Linter.Config[]): Linter.Config {
  const count = recommended.reduce((sum, config) => sum + Object.keys(config.rules ?? {}).length, 0);
  const names = Array.from({ length: count }, (_, index) => `no-op-${index}`);
  return {
    name: 'bench/as-many-no-op-rules',
    files: CODE_FILES,
    plugins: { bench: { rules: Object.fromEntries(names.map((name) => [name, NO_OP_RULE])) } },
    rules: Object.fromEntries(names.map((name) => [`bench/${name}`, 'error'])),
  };
}

function createOnly(recommended: Linter.Config[], plugin: Plugin): Linter.Config[] {
  const ours = plugin.rules as unknown as Record<string, Rule.RuleModule>;
  const rules = Object.fromEntries(Object.entries(ours).map(([name, rule]) => [name, { ...rule, create: (context: Rule.RuleContext) => (rule.create(context), {}) }]));
  const silent = { ...plugin, rules } as unknown as ESLint.Plugin;
  return recommended.map((config) => (config.plugins?.['mcp-secrets'] ? { ...config, plugins: { ...config.plugins, 'mcp-secrets': silent } } : config));
}

export function variantConfig(variant: Variant, plugin: Plugin): Linter.Config[] {
  const recommended = plugin.configs['recommended-code'];
  const parseOnly = withoutRules(recommended);
  switch (variant) {
    case 'parse-only':
      return parseOnly;
    case 'recommended-code':
      return recommended;
    case 'no-secrets':
      return [
        ...parseOnly,
        { name: 'bench/no-secrets', files: CODE_FILES, plugins: { 'no-secrets': noSecretsPlugin as unknown as ESLint.Plugin }, rules: { 'no-secrets/no-secrets': 'error' } },
      ];
    case 'one no-op rule':
      return [...parseOnly, { name: 'bench/one-no-op-rule', files: CODE_FILES, plugins: { bench: NO_OP_PLUGIN }, rules: { 'bench/no-op': 'error' } }];
    case 'parse-only again':
      return withoutRules(recommended);
    case 'as many no-op rules':
      return [...parseOnly, asManyNoOpRules(recommended)];
    case 'our create() only':
      return createOnly(recommended, plugin);
  }
}
