// What our code rules cost, as ratios against baselines measured in the same run on the same corpus (the one the
// rule-robustness test uses, bench/lint-corpus.ts): ESLint with no rules (parse, scope analysis and traversal
// only), with configs['recommended-code'] (our rules), and with eslint-plugin-no-secrets' rule. Our added time is
// reported as a percentage of the parse-only time (target < 3%) and as a fraction of no-secrets' added time
// (target <= 0.2). A fourth variant, no-op twins of our rules, shows what ESLint itself costs for running that many
// rules at all. Times are process CPU time (user + system, garbage-collection threads included), with wall time
// alongside. Variants alternate file by file and the median round is taken; the spread of the rounds is printed,
// because on a shared machine it is several percent. A last run with ESLint's `stats` splits the time by rule.
import type { ESLint, Linter, Rule } from 'eslint';
import noSecretsPlugin from 'eslint-plugin-no-secrets';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_FILES } from '../lib/configs/code.js';
import { corpusEslint, corpusFiles, REPO_ROOT } from './lint-corpus.js';

type Plugin = (typeof import('../lib/index.js'))['default'];

/**
 * The built plugin (dist/, what users run; `npm run bench` builds first), or the TypeScript source through tsx when
 * there is no build. tsx's transpiled output is slower than tsc's (it wraps every function for its name), so the
 * source only stands in for a quick look.
 */
async function loadPlugin(): Promise<{ plugin: Plugin; from: string }> {
  const built = join(REPO_ROOT, 'dist/lib/index.js');
  if (existsSync(built)) {
    const mod = (await import(pathToFileURL(built).href)) as { default: Plugin };
    return { plugin: mod.default, from: 'dist/lib (built)' };
  }
  const mod = await import('../lib/index.js');
  return { plugin: mod.default, from: 'lib/ through tsx (no build found)' };
}

const WARMUP_ROUNDS = Number(process.env.LINT_BENCH_WARMUP ?? 2);
const MEASURED_ROUNDS = Number(process.env.LINT_BENCH_ROUNDS ?? 7);

interface Sample {
  cpuMs: number;
  wallMs: number;
}

interface CorpusFile {
  path: string;
  text: string;
}

/** Lints one file (text read beforehand, so no variant pays for I/O) and adds its cost to `total`. */
async function timeLint(eslint: ESLint, file: CorpusFile, total: Sample): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const [result] = await eslint.lintText(file.text, { filePath: file.path });
  total.wallMs += performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  total.cpuMs += (cpu.user + cpu.system) / 1000;
  if (!result || result.messages.some((m) => m.fatal)) throw new Error(`${file.path} was not linted: ${result?.messages[0]?.message}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The same configs with every rule (and the plugin objects) removed: what is left is parsing and traversal. */
function withoutRules(config: Linter.Config[]): Linter.Config[] {
  return config.map(({ rules: _rules, plugins: _plugins, ...rest }) => rest);
}

/**
 * A no-op twin of each of our rules: the same listeners (recorded from the real rules on one corpus file) with empty
 * bodies. What the twins add over parse-only is ESLint's own cost of running that many rules with those listeners at
 * all (creating them for every file, dispatching them during the traversal): the floor our rules cannot go below.
 */
async function noOpTwins(plugin: Plugin, sample: CorpusFile): Promise<ESLint.Plugin> {
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
  const recordConfig: Linter.Config[] = [
    ...withoutRules(plugin.configs['recommended-code']),
    { files: CODE_FILES, plugins: { recorder }, rules: Object.fromEntries(Object.keys(codeRulesOf(plugin)).map((name) => [`recorder/${name}`, 'error'])) },
  ];
  await corpusEslint(recordConfig, [sample.path]).lintText(sample.text, { filePath: sample.path });
  const noOp = () => {};
  return {
    rules: Object.fromEntries(
      Object.entries(listeners).map(([name, keys]) => [name, { create: () => Object.fromEntries(keys.map((key) => [key, noOp])) }]),
    ),
  };
}

/** The rules `recommended-code` turns on, by name without the plugin prefix. */
function codeRulesOf(plugin: Plugin): Record<string, unknown> {
  const configured = Object.assign({}, ...plugin.configs['recommended-code'].map((config) => config.rules ?? {})) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(configured).map((id) => [id.replace('mcp-secrets/', ''), configured[id]]));
}

/** Per-rule time from one extra run with ESLint's `stats` (it adds timing overhead, so it is not a measured round). */
async function perRuleMs(plugin: Plugin, files: string[]): Promise<Record<string, number>> {
  const results = await corpusEslint(plugin.configs['recommended-code'], files, { stats: true }).lintFiles(files);
  const totals: Record<string, number> = {};
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) totals[rule] = (totals[rule] ?? 0) + time.total;
    }
  }
  return Object.fromEntries(
    Object.entries(totals)
      .sort(([, a], [, b]) => b - a)
      .map(([rule, ms]) => [rule.replace('mcp-secrets/', ''), Math.round(ms * 10) / 10]),
  );
}

export async function benchLint(): Promise<Record<string, unknown>> {
  const { plugin, from } = await loadPlugin();
  const files = corpusFiles();
  const recommended = plugin.configs['recommended-code'];
  const parseOnly = withoutRules(recommended);
  const noSecrets: Linter.Config[] = [
    ...parseOnly,
    {
      name: 'bench/no-secrets',
      files: CODE_FILES,
      plugins: { 'no-secrets': noSecretsPlugin as unknown as ESLint.Plugin },
      rules: { 'no-secrets/no-secrets': 'error' },
    },
  ];
  const corpus: CorpusFile[] = files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const twins = await noOpTwins(plugin, corpus.find((file) => file.path.endsWith('.ts')) ?? corpus[0]);
  const variants = {
    'parse-only': corpusEslint(parseOnly, files),
    'recommended-code': corpusEslint(recommended, files),
    'no-secrets': corpusEslint(noSecrets, files),
    'no-op twins': corpusEslint(
      [...parseOnly, { name: 'bench/no-op-twins', files: CODE_FILES, plugins: { twin: twins }, rules: Object.fromEntries(Object.keys(codeRulesOf(plugin)).map((name) => [`twin/${name}`, 'error'])) }],
      files,
    ),
  };
  type Variant = keyof typeof variants;
  const names = Object.keys(variants) as Variant[];
  const samples: Record<Variant, Sample[]> = { 'parse-only': [], 'recommended-code': [], 'no-secrets': [], 'no-op twins': [] };

  // One round lints every file with each variant, the variants taking turns file by file (in a rotating order).
  // On a shared machine the load changes from second to second and slows everything running at the time, CPU time
  // included; alternating on every file exposes the three variants to the same conditions, so they cancel out of
  // the differences. Whole-corpus runs one after the other varied by +-30% here; this by a few percent.
  for (let round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
    const totals = Object.fromEntries(names.map((name) => [name, { cpuMs: 0, wallMs: 0 }])) as Record<Variant, Sample>;
    for (const [index, file] of corpus.entries()) {
      for (let turn = 0; turn < names.length; turn++) {
        const name = names[(turn + index + round) % names.length];
        await timeLint(variants[name], file, totals[name]);
      }
    }
    if (round >= WARMUP_ROUNDS) for (const name of names) samples[name].push(totals[name]);
  }

  const cpu = (name: Variant) => median(samples[name].map((s) => s.cpuMs));
  const wall = (name: Variant) => median(samples[name].map((s) => s.wallMs));
  // Each round's totals are paired (same files, same seconds), so the figures are computed per round and the median
  // round is reported.
  const perRound = samples['parse-only'].map((parse, r) => {
    const ours = samples['recommended-code'][r].cpuMs - parse.cpuMs;
    const theirs = samples['no-secrets'][r].cpuMs - parse.cpuMs;
    const floor = samples['no-op twins'][r].cpuMs - parse.cpuMs;
    return { percent: (ours / parse.cpuMs) * 100, ratio: ours / theirs, floorPercent: (floor / parse.cpuMs) * 100 };
  });
  const addedPercent = median(perRound.map((r) => r.percent));
  const ratioToNoSecrets = median(perRound.map((r) => r.ratio));
  const floorPercent = median(perRound.map((r) => r.floorPercent));

  const perRule = await perRuleMs(plugin, files);
  const ruleCodeMs = Object.values(perRule).reduce((sum, ms) => sum + ms, 0);
  const ourAddedMs = cpu('recommended-code') - cpu('parse-only');

  return {
    corpus: `${files.length} files under ${REPO_ROOT}node_modules (see bench/lint-corpus.ts)`,
    plugin: from,
    rounds: `${WARMUP_ROUNDS} warm-up + ${MEASURED_ROUNDS} measured; variants alternate file by file; CPU time, median round`,
    'parse-only cpu ms': Math.round(cpu('parse-only')),
    'recommended-code cpu ms': Math.round(cpu('recommended-code')),
    'no-secrets cpu ms': Math.round(cpu('no-secrets')),
    'wall ms (parse-only / ours / no-secrets / no-op twins)': names.map((name) => Math.round(wall(name))).join(' / '),
    'our added time, % of parse-only (target < 3)': Number(addedPercent.toFixed(2)),
    "our added time / no-secrets' added time (target <= 0.2)": Number(ratioToNoSecrets.toFixed(3)),
    'per round (% / ratio)': perRound.map((r) => `${r.percent.toFixed(2)}% / ${r.ratio.toFixed(3)}`).join(', '),
    'targets met': addedPercent < 3 && ratioToNoSecrets <= 0.2,
    "ESLint's floor: no-op twins of our rules, % of parse-only": Number(floorPercent.toFixed(2)),
    'no-op twins per round, %': perRound.map((r) => r.floorPercent.toFixed(2)).join(', '),
    'per-rule ms (one extra run with ESLint stats)': perRule,
    // The rest of the added time is ESLint's own work per rule and file (creating each rule's listeners, dispatching
    // them during the traversal; compare the no-op twins) and the garbage all of that leaves.
    'rule code, % of our added time': Number(((ruleCodeMs / ourAddedMs) * 100).toFixed(1)),
  };
}
