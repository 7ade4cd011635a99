// Runs the transforms over files through jscodeshift's own Runner (src/Runner.js), in-band: one process, no worker
// forks, files read and (unless dry) written atomically by the Runner itself. The Runner loads a transform from a
// file path and reports only counts, so a one-line CommonJS shim is written to a temp dir and the real work (and a
// per-file report) travels in the options object, which in-band mode hands to the transform by reference.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileInfo, Options } from 'jscodeshift';
import type { MarkerLocation } from './parse-check.js';
import { type CodemodOptions, type CodemodTransform, MigrationError, runTransforms } from './transform-kit.js';

const require = createRequire(import.meta.url);

interface RunnerModule {
  run(transformFile: string, paths: string[], options: Options): Promise<{ ok: number; nochange: number; skip: number; error: number }>;
}

/** What happened to one file. */
export interface FileReport {
  file: string;
  /** Set when a transform changed the file: its text before and after. */
  before?: string;
  after?: string;
  changedBy: string[];
  markers: MarkerLocation[];
  /** Why the file was left untouched, when it was. */
  failure?: { reason: MigrationError['reason'] | 'write'; message: string };
}

export interface RunOptions {
  dry: boolean;
  codemod?: Partial<CodemodOptions>;
}

const SHIM = `'use strict';
// Written by mcp-secrets migrate: jscodeshift's Runner loads transforms from files; the work is in the options.
module.exports = function mcpSecretsMigrate(file, _api, options) {
  return options.mcpSecrets.transform(file);
};
`;

export async function runWithJscodeshift(files: readonly string[], transforms: readonly CodemodTransform[], options: RunOptions): Promise<FileReport[]> {
  const reports = new Map<string, FileReport>(files.map((file) => [file, { file, changedBy: [], markers: [] }]));
  if (files.length === 0) return [];
  const transform = (file: FileInfo): string | undefined => {
    const report = reports.get(file.path) ?? { file: file.path, changedBy: [], markers: [] };
    reports.set(file.path, report);
    try {
      const outcome = runTransforms(file, transforms, options.codemod);
      report.changedBy = outcome.changedBy;
      report.markers = outcome.markers;
      if (outcome.output !== undefined) Object.assign(report, { before: file.source, after: outcome.output });
      return outcome.output;
    } catch (error) {
      const reason = error instanceof MigrationError ? error.reason : 'transform';
      report.failure = { reason, message: error instanceof Error ? error.message : String(error) };
      throw error; // the Runner counts it as an error and writes nothing
    }
  };

  const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-migrate-'));
  const shim = join(dir, 'transform.cjs');
  writeFileSync(shim, SHIM);
  try {
    const runner = require('jscodeshift/src/Runner.js') as RunnerModule;
    await runner.run(shim, [...files], {
      runInBand: true,
      silent: true,
      verbose: -1, // the Runner would print each failure with a stack trace; the summary lists them instead
      babel: false, // the shim is plain CommonJS
      dry: options.dry,
      mcpSecrets: { transform },
    });
  } finally {
    forgetInBandListeners(shim);
    rmSync(dir, { recursive: true, force: true });
  }

  if (!options.dry) confirmWrites(reports);
  return files.map((file) => reports.get(file) as FileReport);
}

/**
 * In-band, the Runner talks to one Worker event emitter shared by every run in the process and never removes its
 * listeners; a second run in the same process (the benchmark) would stack them up.
 */
function forgetInBandListeners(shim: string): void {
  const worker = require('jscodeshift/src/Worker.js') as (args: string[]) => { removeAllListeners(): void };
  worker([shim, 'no-babel']).removeAllListeners();
}

/** The Runner reports a failed write only as a count: read each changed file back to name the ones that failed. */
function confirmWrites(reports: Map<string, FileReport>): void {
  for (const report of reports.values()) {
    if (report.after === undefined || report.failure) continue;
    let written: string | undefined;
    try {
      written = readFileSync(report.file, 'utf8');
    } catch {
      written = undefined;
    }
    if (written !== report.after) report.failure = { reason: 'write', message: 'could not write the file' };
  }
}
