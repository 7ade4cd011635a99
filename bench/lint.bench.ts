// What our code rules cost, as ratios against baselines measured in the same run on the same corpus (the one the
// rule-robustness test uses, bench/lint-corpus.ts): ESLint with no rules (parse, scope analysis and traversal
// only), with configs['recommended-code'] (our rules), and with eslint-plugin-no-secrets' rule. Our added time is
// reported as a percentage of the parse-only time (target < 3%) and as a fraction of no-secrets' added time
// (target <= 0.2). A fourth variant, no-op twins of our rules, shows what ESLint itself costs for running that many
// rules with all their listeners on every file.
//
// Each variant lints in a process of its own (bench/lint-worker.ts), so each is charged for its own garbage
// collection only. The corpus is split into chunks, and the variants take turns chunk by chunk, in a rotating
// order, so a change in machine load falls on all of them alike. Times are each process's CPU time (user + system,
// its garbage-collection threads included) over a round; the figures are computed per round and the median round is
// reported, with the spread of the rounds. A last run with ESLint's `stats` splits our time by rule.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { corpusEslint, corpusFiles, REPO_ROOT } from './lint-corpus.js';
import type { ChunkRequest, WorkerReply } from './lint-worker.js';
import { loadPlugin, VARIANTS, type Variant } from './lint-variants.js';

const MEASURED_ROUNDS = Number(process.env.LINT_BENCH_ROUNDS ?? 5);
/** Files per turn: small enough that load changes are shared, large enough that the message round trip is noise. */
const CHUNK_FILES = 50;

interface Worker {
  child: ChildProcess;
  /** Resolves with the worker's next reply. */
  next(): Promise<WorkerReply>;
}

function startWorker(variant: Variant): Worker {
  const child = fork(fileURLToPath(new URL('./lint-worker.ts', import.meta.url)), [variant], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: WorkerReply[] = [];
  const waiting: ((reply: WorkerReply) => void)[] = [];
  child.on('message', (reply: WorkerReply) => {
    const resolve = waiting.shift();
    if (resolve) resolve(reply);
    else replies.push(reply);
  });
  child.on('exit', (code) => {
    for (const resolve of waiting.splice(0)) resolve({ error: `the ${variant} worker exited (${code})` });
  });
  return {
    child,
    next: () => {
      const queued = replies.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function ask(worker: Worker, request: ChunkRequest): Promise<{ cpuMs: number; wallMs: number }> {
  worker.child.send(request);
  const reply = await worker.next();
  if ('error' in reply) throw new Error(reply.error);
  if (!('cpuMs' in reply)) throw new Error('unexpected reply from a lint worker');
  return reply;
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
  const files = corpusFiles();
  const workers = Object.fromEntries(VARIANTS.map((variant) => [variant, startWorker(variant)])) as Record<Variant, Worker>;
  try {
    // Workers load and warm up (one whole pass each) in parallel; then only one lints at a time.
    const ready = await Promise.all(VARIANTS.map((variant) => workers[variant].next()));
    let plugin = '';
    for (const reply of ready) {
      if ('error' in reply) throw new Error(reply.error);
      if ('ready' in reply) {
        if (reply.files !== files.length) throw new Error(`a worker sees ${reply.files} corpus files, not ${files.length}`);
        plugin = reply.plugin;
      }
    }

    const rounds: Record<Variant, { cpuMs: number; wallMs: number }>[] = [];
    const cpuAt = Object.fromEntries(VARIANTS.map((variant) => [variant, 0])) as Record<Variant, number>;
    // A zero-length chunk reads each worker's CPU clock at the start of the first round.
    for (const variant of VARIANTS) cpuAt[variant] = (await ask(workers[variant], { from: 0, to: 0 })).cpuMs;
    for (let round = 0; round < MEASURED_ROUNDS; round++) {
      const wallMs = Object.fromEntries(VARIANTS.map((variant) => [variant, 0])) as Record<Variant, number>;
      const cpuEnd = { ...cpuAt };
      for (let chunk = 0, from = 0; from < files.length; chunk++, from += CHUNK_FILES) {
        for (let turn = 0; turn < VARIANTS.length; turn++) {
          const variant = VARIANTS[(turn + chunk + round) % VARIANTS.length];
          const reply = await ask(workers[variant], { from, to: Math.min(from + CHUNK_FILES, files.length) });
          wallMs[variant] += reply.wallMs;
          cpuEnd[variant] = reply.cpuMs;
        }
      }
      rounds.push(Object.fromEntries(VARIANTS.map((variant) => [variant, { cpuMs: cpuEnd[variant] - cpuAt[variant], wallMs: wallMs[variant] }])) as (typeof rounds)[number]);
      Object.assign(cpuAt, cpuEnd);
    }

    const cpu = (variant: Variant) => median(rounds.map((r) => r[variant].cpuMs));
    const wall = (variant: Variant) => median(rounds.map((r) => r[variant].wallMs));
    const perRound = rounds.map((r) => {
      const parse = r['parse-only'].cpuMs;
      const ours = r['recommended-code'].cpuMs - parse;
      return {
        percent: (ours / parse) * 100,
        ratio: ours / (r['no-secrets'].cpuMs - parse),
        floorPercent: ((r['no-op twins'].cpuMs - parse) / parse) * 100,
      };
    });
    const addedPercent = median(perRound.map((r) => r.percent));
    const ratioToNoSecrets = median(perRound.map((r) => r.ratio));

    for (const worker of Object.values(workers)) worker.child.disconnect();
    const perRule = await perRuleMs(files);
    const ruleCodeMs = Object.values(perRule).reduce((sum, ms) => sum + ms, 0);

    return {
      corpus: `${files.length} files under ${REPO_ROOT}node_modules (see bench/lint-corpus.ts)`,
      plugin,
      rounds: `1 warm-up pass + ${MEASURED_ROUNDS} measured; one process per variant, turns of ${CHUNK_FILES} files; CPU time, median round`,
      'parse-only cpu ms': Math.round(cpu('parse-only')),
      'recommended-code cpu ms': Math.round(cpu('recommended-code')),
      'no-secrets cpu ms': Math.round(cpu('no-secrets')),
      'wall ms (parse-only / ours / no-secrets / no-op twins)': VARIANTS.map((variant) => Math.round(wall(variant))).join(' / '),
      'our added time, % of parse-only (target < 3)': Number(addedPercent.toFixed(2)),
      "our added time / no-secrets' added time (target <= 0.2)": Number(ratioToNoSecrets.toFixed(3)),
      'per round (% / ratio)': perRound.map((r) => `${r.percent.toFixed(2)}% / ${r.ratio.toFixed(3)}`).join(', '),
      'targets met': addedPercent < 3 && ratioToNoSecrets <= 0.2,
      "ESLint's floor: no-op twins of our rules on every file, % of parse-only": Number(median(perRound.map((r) => r.floorPercent)).toFixed(2)),
      'no-op twins per round, %': perRound.map((r) => r.floorPercent.toFixed(2)).join(', '),
      'per-rule ms (one extra run with ESLint stats)': perRule,
      'rule code (stats), % of parse-only': Number(((ruleCodeMs / cpu('parse-only')) * 100).toFixed(2)),
    };
  } finally {
    for (const worker of Object.values(workers)) if (worker.child.connected) worker.child.disconnect();
  }
}
