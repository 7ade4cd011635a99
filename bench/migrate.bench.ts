// `mcp-secrets migrate --dry` throughput against jscodeshift's identity transform (parse + print, nothing else) on
// the same corpus, through the same Runner (in-band), in the same run. The corpus is at least 1,000 files generated
// from the codemod fixtures (inputs, near misses and already-migrated outputs) plus a small MCP server.
// Run alone with `npm run bench -- migrate`.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../lib/cli/migrate.js';

const require = createRequire(import.meta.url);
const FIXTURES = fileURLToPath(new URL('../tests/codemods/__testfixtures__/', import.meta.url));
const MIN_FILES = 1_000;
const ROUNDS = 5;

const IDENTITY = `'use strict';
// jscodeshift's identity transform: parse with the parser migrate would choose, print, change nothing.
module.exports = function identity(file, api) {
  const parser = /\\.[cm]?ts$/.test(file.path) ? 'ts' : 'tsx';
  return api.jscodeshift.withParser(parser)(file.source).toSource();
};
`;

interface RunnerModule {
  run(transformFile: string, paths: string[], options: Record<string, unknown>): Promise<{ ok: number; nochange: number; error: number }>;
}

export async function benchMigrate(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-bench-migrate-'));
  try {
    const { corpus, files } = buildCorpus(join(dir, 'corpus'));
    const identityFile = join(dir, 'identity.cjs');
    writeFileSync(identityFile, IDENTITY);

    let summary: { filesChecked: number; filesChanged: number; markers: unknown[]; failed: unknown[] } | undefined;
    const timeMigrate = async () => {
      const { ms, output } = await timed(() => quietly(() => migrate(['--dry', '--json', '--no-install', corpus])));
      summary = JSON.parse(output) as typeof summary;
      return ms;
    };
    const timeIdentity = async () => (await timed(() => identity(identityFile, files))).ms;

    await timeMigrate(); // warm-up: module loading and JIT on both sides
    await timeIdentity();
    const migrateTimes: number[] = [];
    const identityTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer or cooler machine.
      if (round % 2 === 0) {
        migrateTimes.push(await timeMigrate());
        identityTimes.push(await timeIdentity());
      } else {
        identityTimes.push(await timeIdentity());
        migrateTimes.push(await timeMigrate());
      }
    }
    const migratePerSecond = (files.length * 1000) / Math.min(...migrateTimes);
    const identityPerSecond = (files.length * 1000) / Math.min(...identityTimes);
    return {
      'corpus files': files.length,
      'files migrate would change': summary?.filesChanged,
      'markers it would leave': summary?.markers.length,
      'files it could not parse': summary?.failed.length,
      'migrate --dry, files/s (best of 5)': migratePerSecond,
      'jscodeshift identity transform, files/s (best of 5)': identityPerSecond,
      'ratio migrate/identity (target >= 0.5)': migratePerSecond / identityPerSecond,
      'ratio, median of rounds': median(migrateTimes.map((m, i) => identityTimes[i] / m)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies of every fixture file (keeping extensions, so parser and module kind stay right) until >= MIN_FILES. */
function buildCorpus(corpus: string): { corpus: string; files: string[] } {
  const sources = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => join(FIXTURES, file));
  const files: string[] = [];
  for (let copy = 0; files.length < MIN_FILES; copy++) {
    const target = join(corpus, `copy-${copy}`);
    mkdirSync(target, { recursive: true });
    sources.forEach((source, i) => {
      const file = join(target, `${i}-${basename(source)}`);
      cpSync(source, file);
      files.push(file);
    });
  }
  return { corpus, files };
}

async function identity(transformFile: string, files: string[]): Promise<void> {
  const runner = require('jscodeshift/src/Runner.js') as RunnerModule;
  const result = await runner.run(transformFile, files, { runInBand: true, silent: true, verbose: -1, dry: true, babel: false });
  // The Runner's in-band worker is shared by every run in the process and keeps its listeners: drop them.
  (require('jscodeshift/src/Worker.js') as (args: string[]) => { removeAllListeners(): void })([transformFile, 'no-babel']).removeAllListeners();
  if (result.error) throw new Error(`the identity transform failed on ${result.error} files`);
}

/** Runs `fn` with standard output captured (the summary), returning what it wrote. */
async function quietly(fn: () => Promise<number>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let output = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const status = await fn();
    if (status !== 0) throw new Error(`migrate --dry exited ${status}`);
  } finally {
    process.stdout.write = write;
  }
  return output;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; output: T }> {
  const start = process.hrtime.bigint();
  const output = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, output };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
