// The ESLint set-ups the lint benchmark compares, each built the same way in whichever process lints with it
// (bench/lint-worker.ts): parse-only (no rules), our recommended-code rules, eslint-plugin-no-secrets' rule, and
// no-op twins of our rules.
import type { ESLint, Linter, Rule } from 'eslint';
import noSecretsPlugin from 'eslint-plugin-no-secrets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_FILES } from '../lib/configs/code.js';
import { corpusEslint, REPO_ROOT } from './lint-corpus.js';

export type Plugin = (typeof import('../lib/index.js'))['default'];

export const VARIANTS = ['parse-only', 'recommended-code', 'no-secrets', 'no-op twins'] as const;
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

/** The rules `recommended-code` turns on, by name without the plugin prefix. */
function codeRuleNames(plugin: Plugin): string[] {
  const configured = Object.assign({}, ...plugin.configs['recommended-code'].map((config) => config.rules ?? {})) as Record<string, unknown>;
  return Object.keys(configured).map((id) => id.replace('mcp-secrets/', ''));
}

/** `plugin`'s rules, all as errors, under `prefix`, on the code files. */
function allRulesOf(prefix: string, plugin: ESLint.Plugin, names: string[]): Linter.Config {
  return { name: `bench/${prefix}`, files: CODE_FILES, plugins: { [prefix]: plugin }, rules: Object.fromEntries(names.map((name) => [`${prefix}/${name}`, 'error'])) };
}

/**
 * A no-op twin of each of our rules: the same listeners (recorded from the real rules on one corpus file, which
 * passes every rule's source gate) with empty bodies, on every file. What the twins add over parse-only is ESLint's
 * own cost of creating and dispatching that many listeners on every file: more than our rules pay, since their gates
 * register none on most files.
 */
async function noOpTwins(plugin: Plugin, sample: { path: string; text: string }): Promise<ESLint.Plugin> {
  const listeners: Record<string, string[]> = {};
  const rules = plugin.rules as unknown as Record<string, Rule.RuleModule>;
  const recorder: ESLint.Plugin = {
    rules: Object.fromEntries(
      Object.entries(rules).map(([name, rule]) => [
        name,
        {
          meta: rule.meta,
          create(context: Rule.RuleContext) {
            const created = rule.create(context);
            listeners[name] = Object.keys(created);
            return created;
          },
        },
      ]),
    ),
  };
  const names = codeRuleNames(plugin);
  await corpusEslint([...withoutRules(plugin.configs['recommended-code']), allRulesOf('recorder', recorder, names)], [sample.path]).lintText(sample.text, {
    filePath: sample.path,
  });
  const silent = names.filter((name) => (listeners[name]?.length ?? 0) === 0);
  if (silent.length > 0) throw new Error(`the twin sample does not pass the source gate of ${silent.join(', ')}`);
  const noOp = () => {};
  return {
    rules: Object.fromEntries(Object.entries(listeners).map(([name, keys]) => [name, { create: () => Object.fromEntries(keys.map((key) => [key, noOp])) }])),
  };
}

/** A file every code rule's gate lets through: the twins record the full set of listeners from it. */
export const TWIN_SAMPLE = {
  path: join(REPO_ROOT, 'bench/twin-sample.ts'),
  text: [
    "import pg from 'pg';",
    "import vault from 'node-vault';",
    "import { readFileSync } from 'node:fs';",
    "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // rejectUnauthorized strictSSL sslmode VAULT_SKIP_VERIFY",
    "const client = vault({ token: process.env.VAULT_TOKEN, requestOptions: { strictSSL: false } });",
    "const secret = await getSecret('db'); // hvs. Bearer",
    "const pool = new pg.Pool({ password: process.env.PGPASSWORD, host: 'db', user: 'u', database: 'd' });",
    "console.log(process.env.API_TOKEN, 'postgres://u:p@h/db');",
    "readFileSync('/vault/secrets/db').toString().split('\\n').map((line) => line.split('='));",
    "try { await client.tokenRenewSelf(); } catch {}",
    "server.tool('x', async () => ({ content: [{ type: 'text', text: secret }] }));",
  ].join('\n'),
};

export async function variantConfig(variant: Variant, plugin: Plugin): Promise<Linter.Config[]> {
  const recommended = plugin.configs['recommended-code'];
  const parseOnly = withoutRules(recommended);
  switch (variant) {
    case 'parse-only':
      return parseOnly;
    case 'recommended-code':
      return recommended;
    case 'no-secrets':
      return [...parseOnly, allRulesOf('no-secrets', noSecretsPlugin as unknown as ESLint.Plugin, ['no-secrets'])];
    case 'no-op twins':
      return [...parseOnly, allRulesOf('twin', await noOpTwins(plugin, TWIN_SAMPLE), codeRuleNames(plugin))];
  }
}
