// `mcp-secrets migrate [paths...]`: runs the codemods (codemods/) over a project through jscodeshift's Runner, so a
// whole MCP server moves to mcp-secrets-runtime in one command, as safely as a careful engineer would do it by hand:
// never on a dirty git tree (git is the undo), never writing a file it could not parse back, and leaving a marker
// comment wherever a human has to finish.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs, promisify } from 'node:util';
import { transforms as allTransforms } from '../../codemods/index.js';
import { CODE_EXTENSIONS, isDeclarationFile } from '../../codemods/util/parser.js';
import { type FileReport, runWithJscodeshift } from '../../codemods/util/runner.js';
import { RUNTIME_MODULE } from '../../codemods/util/runtime-import.js';
import { DEFAULT_OPTIONS } from '../../codemods/util/transform-kit.js';
import { unifiedDiff } from '../../codemods/util/unified-diff.js';
import { packageInfo } from '../util/package-info.js';
import { MissingPathError, commonDirectory, listCandidateFiles } from '../util/scan-files.js';

const run = promisify(execFile);

const USAGE = `Usage: mcp-secrets migrate [options] [paths...]

Rewrites JS/TS code (${CODE_EXTENSIONS.join(' ')}) to mcp-secrets-runtime: static Vault tokens -> AppRole
and friends, static database credentials -> Vault's dynamic credentials, module-level secrets -> SecretCache,
hand-parsed Vault Agent files -> readAgentSecrets. Paths default to the current directory; files ignored by git
and node_modules are skipped. Where a human has to finish, a /* mcp-secrets: ... */ marker is left.

Transforms: ${allTransforms.map((transform) => transform.name).join(', ')}

Options:
  -d, --dry              write nothing (allowed on a dirty git tree)
      --diff             print a unified diff of every change
  -p, --print            print each changed file in full
  -t, --transform <a,b>  run only these transforms (repeatable)
      --db-role <role>   Vault database role for createDynamicPgPool (default ${DEFAULT_OPTIONS.dbRole})
  -f, --force            run even when the git tree has uncommitted changes
      --install          add mcp-secrets-runtime to package.json with npm install
      --no-install       do not offer to add mcp-secrets-runtime to package.json
      --json             print the summary as JSON
  -h, --help             show this help

With --diff or --print, the summary goes to standard error, so \`--dry --diff > migrate.patch\` is a clean patch.
Exit status: 0 done, 1 some files failed (listed, left untouched), 2 usage error or dirty git tree.`;

class UsageError extends Error {}

interface MigrateOptions {
  paths: string[];
  dry: boolean;
  diff: boolean;
  print: boolean;
  force: boolean;
  json: boolean;
  install: 'ask' | 'yes' | 'no';
  transforms: typeof allTransforms;
  dbRole: string;
  help: boolean;
}

export async function migrate(argv: string[]): Promise<number> {
  let options: MigrateOptions;
  try {
    options = parseMigrateArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mcp-secrets migrate: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const cwd = process.cwd();
  let files: string[];
  try {
    files = codeFiles(await listCandidateFiles(options.paths, cwd));
  } catch (error) {
    if (!(error instanceof MissingPathError)) throw error;
    process.stderr.write(`mcp-secrets migrate: ${error.message}\n`);
    return 2;
  }

  if (!options.dry && !options.force) {
    const dirty = await uncommittedChanges(options.paths.map((path) => resolve(cwd, path)));
    if (dirty.length) {
      process.stderr.write(
        `mcp-secrets migrate: the git tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}); ` +
          'commit or stash them first so the migration can be reviewed and undone, or use --dry / --force\n',
      );
      return 2;
    }
  }

  const reports = await runWithJscodeshift(files, options.transforms, { dry: options.dry, codemod: { dbRole: options.dbRole } });
  const changed = reports.filter((report) => report.after !== undefined && !report.failure);
  const failed = reports.filter((report) => report.failure);

  const data = process.stdout;
  const info = options.diff || options.print ? process.stderr : process.stdout;
  for (const report of changed) {
    const path = displayPath(cwd, report.file);
    if (options.diff) data.write(unifiedDiff(path.split(sep).join('/'), report.before as string, report.after as string));
    if (options.print) data.write(`==> ${path} <==\n${report.after}\n`);
  }

  const summary = summarise(cwd, options, reports, changed, failed);
  info.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));

  if (!options.dry && changed.length && options.install !== 'no') {
    await offerRuntimeDependency(changed.map((report) => report.file), options.install, info);
  }
  return failed.length ? 1 : 0;
}

function parseMigrateArgs(argv: string[]): MigrateOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        dry: { type: 'boolean', short: 'd', default: false },
        diff: { type: 'boolean', default: false },
        print: { type: 'boolean', short: 'p', default: false },
        force: { type: 'boolean', short: 'f', default: false },
        transform: { type: 'string', short: 't', multiple: true },
        'db-role': { type: 'string', default: DEFAULT_OPTIONS.dbRole },
        install: { type: 'boolean', default: false },
        'no-install': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs adds a hint about `--` to its first sentence; the first sentence says it all.
    throw new UsageError(String((error as Error).message).split('\n')[0].split('. To specify')[0]);
  }
  const { values } = parsed;
  const names = (values.transform ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !allTransforms.some((transform) => transform.name === name));
  if (unknown.length) {
    throw new UsageError(`unknown transform "${unknown[0]}" (expected ${allTransforms.map((transform) => transform.name).join(', ')})`);
  }
  if (values.transform && names.length === 0) throw new UsageError('--transform needs at least one name');
  const dbRole = values['db-role'].trim();
  if (!/^[\w.-]+$/.test(dbRole)) throw new UsageError(`--db-role must be a Vault role name, got "${values['db-role']}"`);
  if (values.install && values['no-install']) throw new UsageError('--install and --no-install contradict each other');
  return {
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    dry: values.dry,
    diff: values.diff,
    print: values.print,
    force: values.force,
    json: values.json,
    install: values.install ? 'yes' : values['no-install'] ? 'no' : 'ask',
    // In the registry's order whatever order they were named in: clients before the pools that use them.
    transforms: names.length ? allTransforms.filter((transform) => names.includes(transform.name)) : allTransforms,
    dbRole,
    help: values.help,
  };
}

/** The files the transforms read: code by extension, no declaration files, no symbolic links (a write would replace the link). */
function codeFiles(candidates: string[]): string[] {
  return candidates.filter((file) => {
    if (!CODE_EXTENSIONS.includes(extname(file).toLowerCase()) || isDeclarationFile(file)) return false;
    try {
      return !lstatSync(file).isSymbolicLink();
    } catch {
      return false;
    }
  });
}

/**
 * Uncommitted changes (staged, unstaged or untracked, which git could not restore) under the given paths. Paths
 * outside a git work tree have none: there is nothing to compare with.
 */
async function uncommittedChanges(paths: string[]): Promise<string[]> {
  const changes: string[] = [];
  for (const path of paths) {
    const isDirectory = existsSync(path) && lstatSync(path).isDirectory();
    const cwd = isDirectory ? path : dirname(path);
    try {
      const { stdout } = await run('git', ['status', '--porcelain', '--untracked-files=all', '--', isDirectory ? '.' : path], { cwd });
      changes.push(...stdout.split('\n').filter(Boolean).map((line) => line.slice(3)));
    } catch {
      // not a git work tree (or no git): counts as clean
    }
  }
  return changes;
}

interface Summary {
  dry: boolean;
  filesChecked: number;
  filesChanged: number;
  byTransform: Record<string, number>;
  markers: { file: string; line: number; text: string }[];
  failed: { file: string; reason: string; message: string }[];
}

function summarise(cwd: string, options: MigrateOptions, reports: FileReport[], changed: FileReport[], failed: FileReport[]): Summary {
  const byTransform = Object.fromEntries(options.transforms.map((transform) => [transform.name, 0]));
  for (const report of changed) for (const name of report.changedBy) byTransform[name]++;
  return {
    dry: options.dry,
    filesChecked: reports.length,
    filesChanged: changed.length,
    byTransform,
    markers: changed.flatMap((report) =>
      report.markers.map((marker) => ({ file: displayPath(cwd, report.file), line: marker.line, text: marker.text.replace(/^mcp-secrets:\s*/, '') })),
    ),
    failed: failed.map((report) => ({
      file: displayPath(cwd, report.file),
      reason: report.failure?.reason ?? 'transform',
      message: report.failure?.message ?? '',
    })),
  };
}

function formatSummary(summary: Summary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const lines = [
    `mcp-secrets migrate: ${plural(summary.filesChecked, 'file')} checked, ${summary.filesChanged} ${summary.dry ? 'would change (dry run: nothing written)' : 'changed'}`,
  ];
  const width = Math.max(...Object.keys(summary.byTransform).map((name) => name.length));
  for (const [name, count] of Object.entries(summary.byTransform)) lines.push(`  ${name.padEnd(width)}  ${plural(count, 'file')}`);
  if (summary.markers.length) {
    lines.push(`Left for a human (${plural(summary.markers.length, 'marker')}):`);
    for (const marker of summary.markers) lines.push(`  ${marker.file}:${marker.line}  ${marker.text}`);
  }
  if (summary.failed.length) {
    lines.push(`Failed, left untouched (${plural(summary.failed.length, 'file')}):`);
    for (const failure of summary.failed) lines.push(`  ${failure.file}  ${failure.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function displayPath(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path.startsWith('..') ? file : path;
}

// ---- the runtime dependency -------------------------------------------------------------------------------------

/**
 * Migrated code imports mcp-secrets-runtime: offer to add it to the nearest package.json. `--install` runs npm;
 * on a terminal the user is asked and the dependency is added to package.json (npm is not run); otherwise a hint.
 */
async function offerRuntimeDependency(changedFiles: string[], mode: 'ask' | 'yes', out: NodeJS.WriteStream): Promise<void> {
  const manifest = nearestPackageJson(commonDirectory(changedFiles.map((file) => dirname(file))));
  if (!manifest) return;
  let pkg: { dependencies?: Record<string, string> };
  try {
    pkg = JSON.parse(readFileSync(manifest, 'utf8')) as typeof pkg;
  } catch {
    return; // not our file to judge
  }
  if (pkg.dependencies?.[RUNTIME_MODULE]) return;
  const range = `^${packageInfo.version}`;
  const where = displayPath(process.cwd(), manifest);

  if (mode === 'yes') {
    out.write(`Installing ${RUNTIME_MODULE}@${range} (npm install in ${dirname(where) || '.'})\n`);
    const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', `${RUNTIME_MODULE}@${range}`], {
      cwd: dirname(manifest),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (npm.status !== 0) out.write(`npm install failed; add "${RUNTIME_MODULE}": "${range}" to ${where} by hand\n`);
    return;
  }
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`Add ${RUNTIME_MODULE}@${range} to the dependencies in ${where}? [y/N] `);
    prompt.close();
    if (/^y(es)?$/i.test(answer.trim())) {
      addDependency(manifest, RUNTIME_MODULE, range);
      out.write(`Added ${RUNTIME_MODULE} to ${where}: run npm install\n`);
    }
    return;
  }
  out.write(`The migrated code imports ${RUNTIME_MODULE}: add it with \`npm install ${RUNTIME_MODULE}\` (or run again with --install)\n`);
}

function nearestPackageJson(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Adds a dependency keeping the file's indentation and the alphabetical order npm keeps. */
function addDependency(manifest: string, name: string, range: string): void {
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text) as { dependencies?: Record<string, string> };
  const dependencies = { ...pkg.dependencies, [name]: range };
  pkg.dependencies = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  writeFileSync(manifest, `${JSON.stringify(pkg, null, indent)}\n`);
}
