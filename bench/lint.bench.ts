// What our code rules cost, as ratios against baselines measured in the same run on the same corpus (the one the
// rule-robustness test uses, bench/lint-corpus.ts): ESLint with no rules (parse, scope analysis and traversal
// only), with configs['recommended-code'] (our rules), and with eslint-plugin-no-secrets' rule. Our added time is
// reported as a percentage of the parse-only time (target < 3%) and as a fraction of no-secrets' added time
// (target <= 0.2). A fourth variant, parse-only once more, is an A/A control: its difference from parse-only is the
// noise of the measurement, printed beside our figure.
//
// How, and why so: the variants take turns file by file in one process (a rotating order), so a change in machine
// load falls on all of them alike. Each file's lint is followed, inside its timed window, by a minor garbage
// collection: without it, the garbage one variant left was collected on whichever variant ran next (rounds of
// identical code differed by up to 15 % of parse-only). Separate processes per variant avoid that too, but two
// processes running identical code differed by up to 9 % over a whole round here. With the forced collections, an
// A/A run (parse-only against itself) stays within 2 %. Times are process CPU time (user + system); the figures
// are computed per round and the median round is reported, with every round's figure beside it.
import type { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { corpusEslint, corpusFiles, REPO_ROOT } from './lint-corpus.js';
import { loadPlugin, VARIANTS, variantConfig, type Variant } from './lint-variants.js';

const WARMUP_ROUNDS = Number(process.env.LINT_BENCH_WARMUP ?? 1);
const MEASURED_ROUNDS = Number(process.env.LINT_BENCH_ROUNDS ?? 5);

interface Sample {
  cpuMs: number;
  wallMs: number;
}

/** V8's gc(), without needing --expose-gc on the command line (tsx starts node for us). */
function minorGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;
  return () => gc({ type: 'minor' });
}

/** Lints one file (text read beforehand, so no variant pays for I/O), collects its garbage, adds the cost to `total`. */
async function timeLint(eslint: ESLint, file: { path: string; text: string }, collect: () => void, total: Sample): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const [result] = await eslint.lintText(file.text, { filePath: file.path });
  collect();
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

/** Per-rule time from one extra run with ESLint's `stats` (it adds timing overhead, so it is not a measured round). */
async function perRuleMs(files: string[]): Promise<Record<string, number>> {
  const { plugin } = await loadPlugin();
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
  const corpus = files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const variants = Object.fromEntries(VARIANTS.map((variant) => [variant, corpusEslint(variantConfig(variant, plugin), files)])) as Record<Variant, ESLint>;
  const collect = minorGc();
  const samples = Object.fromEntries(VARIANTS.map((variant) => [variant, [] as Sample[]])) as Record<Variant, Sample[]>;

  for (let round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
    const totals = Object.fromEntries(VARIANTS.map((variant) => [variant, { cpuMs: 0, wallMs: 0 }])) as Record<Variant, Sample>;
    for (const [index, file] of corpus.entries()) {
      for (let turn = 0; turn < VARIANTS.length; turn++) {
        const variant = VARIANTS[(turn + index + round) % VARIANTS.length];
        await timeLint(variants[variant], file, collect, totals[variant]);
      }
    }
    if (round >= WARMUP_ROUNDS) for (const variant of VARIANTS) samples[variant].push(totals[variant]);
  }

  const cpu = (variant: Variant) => median(samples[variant].map((s) => s.cpuMs));
  const wall = (variant: Variant) => median(samples[variant].map((s) => s.wallMs));
  // Each round's totals are paired (same files, same seconds), so the figures are computed per round.
  const perRound = samples['parse-only'].map((parse, r) => {
    const ours = samples['recommended-code'][r].cpuMs - parse.cpuMs;
    return {
      percent: (ours / parse.cpuMs) * 100,
      ratio: ours / (samples['no-secrets'][r].cpuMs - parse.cpuMs),
      controlPercent: ((samples['parse-only again'][r].cpuMs - parse.cpuMs) / parse.cpuMs) * 100,
    };
  });
  const addedPercent = median(perRound.map((r) => r.percent));
  const ratioToNoSecrets = median(perRound.map((r) => r.ratio));
  const perRule = await perRuleMs(files);
  const ruleCodeMs = Object.values(perRule).reduce((sum, ms) => sum + ms, 0);

  return {
    corpus: `${files.length} files under ${REPO_ROOT}node_modules (see bench/lint-corpus.ts)`,
    plugin: from,
    rounds: `${WARMUP_ROUNDS} warm-up + ${MEASURED_ROUNDS} measured; variants alternate file by file, a minor GC after each file; CPU time, median round`,
    'parse-only cpu ms': Math.round(cpu('parse-only')),
    'recommended-code cpu ms': Math.round(cpu('recommended-code')),
    'no-secrets cpu ms': Math.round(cpu('no-secrets')),
    'wall ms (parse-only / ours / no-secrets / parse-only again)': VARIANTS.map((variant) => Math.round(wall(variant))).join(' / '),
    'our added time, % of parse-only (target < 3)': Number(addedPercent.toFixed(2)),
    "our added time / no-secrets' added time (target <= 0.2)": Number(ratioToNoSecrets.toFixed(3)),
    'per round (% / ratio)': perRound.map((r) => `${r.percent.toFixed(2)}% / ${r.ratio.toFixed(3)}`).join(', '),
    'targets met': addedPercent < 3 && ratioToNoSecrets <= 0.2,
    'A/A control: parse-only again, % of parse-only per round (the noise)': perRound.map((r) => r.controlPercent.toFixed(2)).join(', '),
    'per-rule ms (one extra run with ESLint stats)': perRule,
    'rule code (stats), % of parse-only': Number(((ruleCodeMs / cpu('parse-only')) * 100).toFixed(2)),
  };
}
