// What our code rules cost, as ratios against baselines measured in the same run on the same corpus (the one the
// rule-robustness test uses, bench/lint-corpus.ts): ESLint with no rules (parse, scope analysis and traversal
// only), with configs['recommended-code'] (our rules), and with eslint-plugin-no-secrets' rule. Our added time is
// reported as a percentage of the parse-only time (target < 3%) and as a fraction of no-secrets' added time
// (target <= 0.2). A set-up with one rule that does nothing separates what ESLint itself costs once any rule is
// configured from what our rules add on top.
//
// How, and why so (docs/benchmarks.md has the history). Every variant is a selection of rules linted by one ESLint
// instance (ESLint's ruleFilter picks them, lint-variants.ts): two instances with the same configuration differed by
// up to 2.5 % of parse-only, which an instance per variant added to the figure. Variants take turns file by file in
// one process, in a shuffled order, so a change in machine load falls on all of them alike. Each file's lint is
// followed, inside its timed window, by a minor garbage collection, so each variant pays for its own young garbage;
// a full collection every 50 files, outside all timed windows, keeps V8's own major collections from landing in a
// random variant's window. no-secrets, which allocates several times more than the others, is measured against
// parse-only in a phase of its own. Every file's lint time is kept for every round; a variant's time is the sum over
// files of each file's fastest round. Interference (other processes, V8's background threads, a collection that
// lands in a window) only ever adds time, so the fastest of several runs of the same deterministic work is its least
// disturbed measure; sums of whole rounds are printed beside it. Parse-only is measured twice: the baseline is the
// mean of the two, and their difference (the A/A control) shows the noise.
import type { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { corpusEslint, corpusFiles, REPO_ROOT } from './lint-corpus.js';
import { benchConfig, loadPlugin, parseOnlyConfig, VARIANTS, variantRules, type Variant } from './lint-variants.js';

const WARMUP_ROUNDS = Number(process.env.LINT_BENCH_WARMUP ?? 1);
const MEASURED_ROUNDS = Number(process.env.LINT_BENCH_ROUNDS ?? 5);
/** no-secrets adds several times our time, so its ratio needs less precision. */
const NO_SECRETS_ROUNDS = Number(process.env.LINT_BENCH_NO_SECRETS_ROUNDS ?? 3);
/** Also measure the set-ups that split our cost (lint-variants.ts); off by default, it makes the run 40 % longer. */
const DECOMPOSE = process.env.LINT_BENCH_DECOMPOSE === '1';

interface Sample {
  cpuMs: number;
  wallMs: number;
}

/** Each file's time in each measured round, [file][round], for one variant. */
interface Times {
  cpu: number[][];
  wall: number[][];
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

/** Lints one file (text read beforehand, so no variant pays for I/O) and collects its garbage: the time of both. */
async function timeLint(eslint: ESLint, file: { path: string; text: string }, collect: (type: 'minor') => void): Promise<Sample> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const [result] = await eslint.lintText(file.text, { filePath: file.path });
  collect('minor');
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  if (!result || result.messages.some((m) => m.fatal)) throw new Error(`${file.path} was not linted: ${result?.messages[0]?.message}`);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The sum over files of each file's fastest round. */
function fastest(perFile: number[][]): number {
  return perFile.reduce((sum, rounds) => sum + Math.min(...rounds), 0);
}

/** The sum over files of each round. */
function roundTotals(perFile: number[][]): number[] {
  return perFile[0].map((_, round) => perFile.reduce((sum, rounds) => sum + rounds[round], 0));
}

const percentOver = (time: number, base: number): number => ((time - base) / base) * 100;
const fixed = (value: number, digits = 2): number => Number(value.toFixed(digits));

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
async function measure<V extends string>(
  lint: (variant: V, file: { path: string; text: string }) => Promise<Sample>,
  variants: readonly V[],
  corpus: { path: string; text: string }[],
  collect: (type: 'major') => void,
  warmup: number,
  rounds: number,
): Promise<Record<V, Times>> {
  const next = random(0x5eed);
  const times = Object.fromEntries(
    variants.map((variant) => [variant, { cpu: corpus.map(() => []), wall: corpus.map(() => []) }]),
  ) as unknown as Record<V, Times>;
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [index, file] of corpus.entries()) {
      if (index % FILES_PER_MAJOR_GC === 0) collect('major');
      const order = [...variants];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const variant of order) {
        const sample = await lint(variant, file);
        if (round < warmup) continue;
        times[variant].cpu[index].push(sample.cpuMs);
        times[variant].wall[index].push(sample.wallMs);
      }
    }
  }
  return times;
}

/** Parse-only in an ESLint instance of its own, with no rules configured: how the shared instance compares. */
const OWN_INSTANCE = 'parse-only, an ESLint instance of its own';
type Measured = Variant | typeof OWN_INSTANCE;

/**
 * With LINT_BENCH_DECOMPOSE=1: our added time split into ESLint's per-rule set-up, create() and listeners, and the
 * check that parse-only through the rule filter is parse-only.
 */
function decomposition(ours: Record<Measured, Times>, base: number): Record<string, string> {
  const over = (variant: Measured) => percentOver(fastest(ours[variant].cpu), base);
  const rules = over('as many no-op rules');
  const create = over('our create() only');
  return {
    'decomposition, % of parse-only': [
      `ESLint's set-up of as many no-op rules ${fixed(rules)}`,
      `+ our create() (gates) ${fixed(create - rules)}`,
      `+ our listeners and ESLint's dispatch to them ${fixed(over('recommended-code') - create)}`,
    ].join(' '),
    [`${OWN_INSTANCE} (no rules configured), % of parse-only`]: `${fixed(over(OWN_INSTANCE))} (the rule filter's cost plus the difference between two instances)`,
  };
}

export async function benchLint(): Promise<Record<string, unknown>> {
  const { plugin, from } = await loadPlugin();
  const files = corpusFiles();
  const corpus = files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const collect = exposedGc();
  // One ESLint instance lints every variant: `selected` is the rule filter of the variant being linted (one lint at
  // a time, so it cannot change during one).
  let selected: (ruleId: string) => boolean = () => false;
  const eslint = corpusEslint(benchConfig(plugin), files, { ruleFilter: ({ ruleId }) => selected(ruleId) });
  const filters = new Map(VARIANTS.map((variant) => [variant, variantRules(variant)]));
  const ownInstance = DECOMPOSE ? corpusEslint(parseOnlyConfig(plugin), files) : undefined;
  const lint = (variant: Measured, file: { path: string; text: string }): Promise<Sample> => {
    if (variant === OWN_INSTANCE) return timeLint(ownInstance as ESLint, file, collect);
    selected = filters.get(variant) as (ruleId: string) => boolean;
    return timeLint(eslint, file, collect);
  };

  // Our rules against parse-only, the one no-op rule and the A/A control, first; no-secrets against parse-only in a
  // phase of its own, because it allocates several times more and the variant after it paid for that (see measure()).
  const ourVariants = ['parse-only', 'one no-op rule', 'recommended-code', 'parse-only again'] as const;
  const splitVariants = ['as many no-op rules', 'our create() only', OWN_INSTANCE] as const;
  const ours = await measure<Measured>(lint, DECOMPOSE ? [...ourVariants, ...splitVariants] : ourVariants, corpus, collect, WARMUP_ROUNDS, MEASURED_ROUNDS);
  const theirs = await measure<Measured>(lint, ['parse-only', 'no-secrets'], corpus, collect, 0, NO_SECRETS_ROUNDS);

  // Parse-only is measured twice; the baseline is the mean of the two (half the noise of either), and their
  // difference is the A/A control.
  const baseline = (clock: keyof Times) => {
    const [first, again] = [fastest(ours['parse-only'][clock]), fastest(ours['parse-only again'][clock])];
    const mean = (first + again) / 2;
    return { mean, control: ((again - first) / mean) * 100 };
  };
  const { mean: base, control: controlPercent } = baseline('cpu');
  const { mean: wallBase, control: wallControl } = baseline('wall');
  const oursPercent = percentOver(fastest(ours['recommended-code'].cpu), base);
  const noOpPercent = percentOver(fastest(ours['one no-op rule'].cpu), base);
  type OurVariant = keyof typeof ours;
  const wallPercent = (variant: OurVariant) => fixed(percentOver(fastest(ours[variant].wall), wallBase));
  const baseRounds = roundTotals(ours['parse-only'].cpu);
  const perRound = (variant: OurVariant) => roundTotals(ours[variant].cpu).map((total, round) => percentOver(total, baseRounds[round]));
  const oursPerRound = perRound('recommended-code');
  const theirPercent = percentOver(fastest(theirs['no-secrets'].cpu), fastest(theirs['parse-only'].cpu));
  const ratioToNoSecrets = oursPercent / theirPercent;

  const perRule = await perRuleMs(files);
  const ruleCodeMs = Object.values(perRule).reduce((sum, ms) => sum + ms, 0);
  const list = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');

  return {
    corpus: `${files.length} files under ${REPO_ROOT}node_modules (see bench/lint-corpus.ts)`,
    plugin: from,
    rounds: `${WARMUP_ROUNDS} warm-up + ${MEASURED_ROUNDS} measured (no-secrets: ${NO_SECRETS_ROUNDS}); variants take turns file by file in shuffled order; a minor GC after each file, timed; a full GC every ${FILES_PER_MAJOR_GC} files, untimed; process CPU time; a variant's time is the sum over files of each file's fastest round`,
    'parse-only cpu ms (mean of its two measurements)': Math.round(base),
    'recommended-code cpu ms': Math.round(fastest(ours['recommended-code'].cpu)),
    'our added time, % of parse-only (target < 3)': fixed(oursPercent),
    "  of it, ESLint's own cost once any rule is configured (one no-op rule), %": fixed(noOpPercent),
    '  of it, our rules over the one no-op rule, %': fixed(oursPercent - noOpPercent),
    'A/A control (parse-only again - parse-only), % of parse-only: the noise': fixed(controlPercent),
    'wall time instead, % (ours / one no-op rule / A/A)': [wallPercent('recommended-code'), wallPercent('one no-op rule'), fixed(wallControl)].join(' / '),
    'whole-round sums instead (against the first parse-only), ours per round, % (median)': `${list(oursPerRound)} (${median(oursPerRound).toFixed(2)})`,
    'whole-round sums instead, A/A per round, %': list(perRound('parse-only again')),
    "no-secrets' added time, % of parse-only": fixed(theirPercent, 1),
    "our added time / no-secrets' added time (target <= 0.2)": fixed(ratioToNoSecrets, 3),
    // One round's minimum is just that round: too few to judge a target by.
    'targets met': MEASURED_ROUNDS < 3 ? `not judged (${MEASURED_ROUNDS} measured rounds; at least 3 needed)` : oursPercent < 3 && ratioToNoSecrets <= 0.2,
    ...(DECOMPOSE ? decomposition(ours, base) : {}),
    'per-rule ms (one extra run with ESLint stats)': perRule,
    'rule code (stats), % of parse-only': fixed((ruleCodeMs / base) * 100),
  };
}
