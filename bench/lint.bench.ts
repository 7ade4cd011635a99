// What our code rules cost, as ratios against baselines measured in the same run on the same corpus (the one the
// rule-robustness test uses, bench/lint-corpus.ts): ESLint with no rules (parse, scope analysis and traversal
// only), with configs['recommended-code'] (our rules), and with eslint-plugin-no-secrets' rule. Our added time is
// reported as a percentage of the parse-only time (target < 3%) and as a fraction of no-secrets' added time
// (target <= 0.2).
//
// How, and why so (docs/benchmarks.md has the history). Variants take turns file by file in one process, in a
// shuffled order, so a change in machine load falls on all of them alike. Each file's lint is followed, inside its
// timed window, by a minor garbage collection, so each variant pays for its own young garbage; a full collection
// every 50 files, outside all timed windows, keeps V8's own major collections from landing in a random variant's
// window. no-secrets, which allocates several times more than the others, is measured against parse-only in a phase
// of its own. An A/A control (parse-only against a second parse-only) is printed beside our figure: the noise of
// the run. Times are process CPU time (user + system); figures are computed per round and the median round is
// reported, every round beside it.
import type { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { corpusEslint, corpusFiles, REPO_ROOT } from './lint-corpus.js';
import { loadPlugin, VARIANTS, variantConfig, type Variant } from './lint-variants.js';

const WARMUP_ROUNDS = Number(process.env.LINT_BENCH_WARMUP ?? 1);
const MEASURED_ROUNDS = Number(process.env.LINT_BENCH_ROUNDS ?? 5);
/** no-secrets adds several times our time, so its ratio needs less precision. */
const NO_SECRETS_ROUNDS = Number(process.env.LINT_BENCH_NO_SECRETS_ROUNDS ?? 2);

interface Sample {
  cpuMs: number;
  wallMs: number;
}

/** V8's gc(), without needing --expose-gc on the command line (tsx starts node for us). */
function exposedGc(): (type: 'minor' | 'major') => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;
  return (type) => gc({ type });
}

/**
 * Files between full collections, run outside every timed window. Left to V8, a major collection (tens of
 * milliseconds, triggered by old-generation growth any variant contributed to) lands in a random variant's window;
 * a dozen of them per round moved the A/A control by up to 6 %.
 */
const FILES_PER_MAJOR_GC = 50;

/** Lints one file (text read beforehand, so no variant pays for I/O), collects its garbage, adds the cost to `total`. */
async function timeLint(eslint: ESLint, file: { path: string; text: string }, collect: (type: 'minor') => void, total: Sample): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const [result] = await eslint.lintText(file.text, { filePath: file.path });
  collect('minor');
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

/** A small seeded generator (mulberry32), so every run takes the same turns. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Lints the corpus `rounds` times (after `warmup` rounds) with each of `variants`, which take turns file by file in
 * a shuffled order: a fixed rotation would make one variant always run right after the same other one and inherit
 * its leftovers (old-generation garbage, cold caches).
 */
async function measure<V extends Variant>(
  eslints: Record<V, ESLint>,
  variants: readonly V[],
  corpus: { path: string; text: string }[],
  collect: (type: 'minor' | 'major') => void,
  warmup: number,
  rounds: number,
): Promise<Record<V, Sample>[]> {
  const next = random(0x5eed);
  const measured: Record<V, Sample>[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const totals = Object.fromEntries(variants.map((variant) => [variant, { cpuMs: 0, wallMs: 0 }])) as Record<V, Sample>;
    for (const [index, file] of corpus.entries()) {
      if (index % FILES_PER_MAJOR_GC === 0) collect('major');
      const order = [...variants];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const variant of order) await timeLint(eslints[variant], file, collect, totals[variant]);
    }
    if (round >= warmup) measured.push(totals);
  }
  return measured;
}

export async function benchLint(): Promise<Record<string, unknown>> {
  const { plugin, from } = await loadPlugin();
  const files = corpusFiles();
  const corpus = files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const eslints = Object.fromEntries(VARIANTS.map((variant) => [variant, corpusEslint(variantConfig(variant, plugin), files)])) as Record<Variant, ESLint>;
  const collect = exposedGc();

  // Our rules against parse-only and the A/A control, first; no-secrets against parse-only in a phase of its own,
  // because it allocates several times more and the variant after it paid for that (see measure()).
  const ours = await measure(eslints, ['parse-only', 'recommended-code', 'parse-only again'], corpus, collect, WARMUP_ROUNDS, MEASURED_ROUNDS);
  const theirs = await measure(eslints, ['parse-only', 'no-secrets'], corpus, collect, 0, NO_SECRETS_ROUNDS);

  const addedPercent = (round: Record<'parse-only' | 'recommended-code' | 'parse-only again', Sample>, variant: 'recommended-code' | 'parse-only again') =>
    ((round[variant].cpuMs - round['parse-only'].cpuMs) / round['parse-only'].cpuMs) * 100;
  const oursPerRound = ours.map((round) => addedPercent(round, 'recommended-code'));
  const controlPerRound = ours.map((round) => addedPercent(round, 'parse-only again'));
  const theirsPerRound = theirs.map((round) => ((round['no-secrets'].cpuMs - round['parse-only'].cpuMs) / round['parse-only'].cpuMs) * 100);
  const ourPercent = median(oursPerRound);
  const theirPercent = median(theirsPerRound);
  const ratioToNoSecrets = ourPercent / theirPercent;

  const cpu = (rounds: Record<string, Sample>[], variant: Variant) => Math.round(median(rounds.map((round) => round[variant].cpuMs)));
  const wall = (rounds: Record<string, Sample>[], variant: Variant) => Math.round(median(rounds.map((round) => round[variant].wallMs)));
  const perRule = await perRuleMs(files);
  const ruleCodeMs = Object.values(perRule).reduce((sum, ms) => sum + ms, 0);

  return {
    corpus: `${files.length} files under ${REPO_ROOT}node_modules (see bench/lint-corpus.ts)`,
    plugin: from,
    rounds: `${WARMUP_ROUNDS} warm-up + ${MEASURED_ROUNDS} measured (no-secrets: ${NO_SECRETS_ROUNDS}); variants take turns file by file in shuffled order; a minor GC after each file, timed; a full GC every ${FILES_PER_MAJOR_GC} files, untimed; CPU time, median round`,
    'parse-only cpu ms': cpu(ours, 'parse-only'),
    'recommended-code cpu ms': cpu(ours, 'recommended-code'),
    'wall ms (parse-only / ours / parse-only again)': [wall(ours, 'parse-only'), wall(ours, 'recommended-code'), wall(ours, 'parse-only again')].join(' / '),
    'our added time, % of parse-only (target < 3)': Number(ourPercent.toFixed(2)),
    'per round, %': oursPerRound.map((percent) => percent.toFixed(2)).join(', '),
    'A/A control (parse-only again), % of parse-only per round: the noise': controlPerRound.map((percent) => percent.toFixed(2)).join(', '),
    "no-secrets' added time, % of parse-only": Number(theirPercent.toFixed(1)),
    'no-secrets per round, %': theirsPerRound.map((percent) => percent.toFixed(1)).join(', '),
    "our added time / no-secrets' added time (target <= 0.2)": Number(ratioToNoSecrets.toFixed(3)),
    'targets met': ourPercent < 3 && ratioToNoSecrets <= 0.2,
    'per-rule ms (one extra run with ESLint stats)': perRule,
    'rule code (stats), % of parse-only': Number(((ruleCodeMs / cpu(ours, 'parse-only')) * 100).toFixed(2)),
  };
}
