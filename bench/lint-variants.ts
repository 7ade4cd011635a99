// The ESLint set-ups the lint benchmark (bench/lint.bench.ts) compares: parse-only (no rules), our recommended-code
// rules, eslint-plugin-no-secrets' rule, and parse-only once more as a control; with LINT_BENCH_DECOMPOSE=1 also two
// set-ups that split our cost into ESLint's per-rule set-up, our create() work and our listeners. All of them are
// rule selections from one configuration, so that one ESLint instance lints every set-up.
import type { ESLint, Linter, Rule } from 'eslint';
import noSecretsPlugin from 'eslint-plugin-no-secrets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_FILES, DECLARATION_FILES, RUNTIME_CODE_RULES } from '../lib/configs/code.js';
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

/** A rule that registers no listener, so ESLint runs nothing of it but its set-up. */
const NO_OP_RULE: Rule.RuleModule = { meta: { type: 'problem', schema: [] }, create: () => ({}) };

/** Rule-id prefixes: each set-up's rules live in a plugin namespace of their own in benchConfig(). */
const OURS = 'mcp-secrets/';
const ONE_NO_OP = 'bench/no-op';
const MANY_NO_OPS = 'bench-no-ops/';
const CREATE_ONLY = 'bench-create-only/';
const NO_SECRETS = 'no-secrets/no-secrets';

/** Our rules' ids in recommended-code, without the namespace. */
function ourRuleNames(plugin: Plugin): string[] {
  const configured = plugin.configs['recommended-code'].flatMap((config) => Object.entries(config.rules ?? {}));
  return configured.filter(([, severity]) => severity !== 'off').map(([id]) => id.slice(OURS.length));
}

/**
 * Our rules with their create() run in full (gates and set-up) but their listeners dropped, so that ESLint neither
 * dispatches to them nor runs them.
 */
function createOnlyPlugin(plugin: Plugin): ESLint.Plugin {
  const ours = plugin.rules as unknown as Record<string, Rule.RuleModule>;
  return { rules: Object.fromEntries(Object.entries(ours).map(([name, rule]) => [name, { ...rule, create: (context: Rule.RuleContext) => (rule.create(context), {}) }])) };
}

/**
 * One configuration holding every set-up's rules: recommended-code (parser settings and our rules), one no-op rule, as
 * many no-op rules as ours, our rules' create() alone, and eslint-plugin-no-secrets' rule. A set-up is the subset of
 * these that ESLint's `ruleFilter` lets run (variantRules), so every set-up is linted by the same ESLint instance.
 * Two instances with the same configuration differ by 0.3 to 2.5 % (docs/benchmarks.md): a set-up in an instance of
 * its own measured that as well as its rules. A rule the filter rejects is skipped before ESLint makes its context.
 */
export function benchConfig(plugin: Plugin): Linter.Config[] {
  const names = ourRuleNames(plugin);
  const noOps = Array.from({ length: names.length }, (_, index) => `no-op-${index}`);
  return [
    ...plugin.configs['recommended-code'],
    {
      name: 'bench/other-set-ups',
      files: CODE_FILES,
      plugins: {
        bench: { rules: { 'no-op': NO_OP_RULE } },
        'bench-no-ops': { rules: Object.fromEntries(noOps.map((name) => [name, NO_OP_RULE])) },
        'bench-create-only': createOnlyPlugin(plugin),
        'no-secrets': noSecretsPlugin as unknown as ESLint.Plugin,
      },
      rules: Object.fromEntries(
        [ONE_NO_OP, ...noOps.map((name) => MANY_NO_OPS + name), ...names.map((name) => CREATE_ONLY + name), NO_SECRETS].map((id) => [id, 'error']),
      ),
    },
    {
      // recommended-code's declaration-file block, mirrored: on a .d.ts file these set-ups run as many rules as it.
      name: 'bench/declaration-files',
      files: DECLARATION_FILES,
      rules: Object.fromEntries(
        names.flatMap((name, index) => (RUNTIME_CODE_RULES.includes(name) ? [[MANY_NO_OPS + noOps[index], 'off'], [CREATE_ONLY + name, 'off']] : [])),
      ),
    },
  ];
}

/** Which of benchConfig()'s rules run in `variant`: the `ruleFilter` to lint with. */
export function variantRules(variant: Variant): (ruleId: string) => boolean {
  switch (variant) {
    case 'parse-only':
    case 'parse-only again':
      return () => false;
    case 'recommended-code':
      return (id) => id.startsWith(OURS);
    case 'no-secrets':
      return (id) => id === NO_SECRETS;
    case 'one no-op rule':
      return (id) => id === ONE_NO_OP;
    case 'as many no-op rules':
      return (id) => id.startsWith(MANY_NO_OPS);
    case 'our create() only':
      return (id) => id.startsWith(CREATE_ONLY);
  }
}

/** recommended-code with every rule (and the plugin objects) removed: ESLint with no rules configured at all. */
export function parseOnlyConfig(plugin: Plugin): Linter.Config[] {
  return plugin.configs['recommended-code'].map(({ rules: _rules, plugins: _plugins, ...rest }) => rest);
}
