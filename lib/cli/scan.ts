// `mcp-secrets scan [paths...]`: ESLint with the plugin's recommended config (code, YAML manifests, MCP client
// configs) and nothing else, so a project with no ESLint set-up can be audited in one command.
import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { ESLint, Linter } from 'eslint';
import { packageInfo } from '../util/package-info.js';
import { sarifLog } from '../util/sarif-log.js';
import { commonDirectory, listCandidateFiles } from '../util/scan-files.js';

const USAGE = `Usage: mcp-secrets scan [options] [paths...]

Lints JS/TS code, YAML manifests (Compose, Kubernetes, Helm values) and MCP client configs for static
credentials, with the recommended rules of eslint-plugin-mcp-secrets. Paths default to the current directory.
In a git work tree, files ignored by git are skipped; node_modules always is.

Options:
  -f, --format <name>   stylish (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)
  -o, --output <file>   write the report to a file instead of standard output
  -h, --help            show this help

Exit status: 0 no findings, 1 findings or files that could not be parsed, 2 usage error.`;

const FORMATS = ['stylish', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Above this many files, progress is shown on stderr. */
const PROGRESS_THRESHOLD = 300;
const CHUNK_SIZE = 100;

const PARSE_ERRORS = 'parse errors';
const INTERNAL_ERRORS = 'internal errors';

class UsageError extends Error {}

interface ScanOptions {
  format: Format;
  output?: string;
  paths: string[];
  help: boolean;
}

function parseScanArgs(argv: string[]): ScanOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs' messages add a hint about `--` to the first sentence; the first sentence says it all.
    throw new UsageError(String((error as Error).message).split('\n')[0].split('. To specify')[0]);
  }
  const { format, output, help } = parsed.values;
  if (!FORMATS.includes(format as Format)) {
    throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
  }
  if (output === '') throw new UsageError('--output needs a file name');
  return { format: format as Format, output, help: help ?? false, paths: parsed.positionals.length ? parsed.positionals : ['.'] };
}

/** Writes "scanned n/m files" on stderr: one updating line on a terminal, a line per tenth otherwise (CI logs). */
function progressReporter(total: number): { update(done: number): void; end(): void } {
  if (total <= PROGRESS_THRESHOLD) return { update() {}, end() {} };
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return {
    update(done) {
      if (tty) {
        process.stderr.write(`\rmcp-secrets scan: ${done}/${total} files`);
        return;
      }
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`mcp-secrets scan: ${done}/${total} files\n`);
      }
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

/** A result for a file ESLint itself failed on (a crash in a parser or rule): reported, and the scan goes on. */
function internalErrorResult(filePath: string, error: unknown): ESLint.LintResult {
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  return {
    filePath,
    messages: [{ ruleId: null, fatal: true, severity: 2, message: `Internal error: ${message}`, line: 0, column: 0 } as Linter.LintMessage],
    suppressedMessages: [],
    errorCount: 1,
    fatalErrorCount: 1,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

async function lintAll(eslint: ESLint, files: string[]): Promise<ESLint.LintResult[]> {
  const results: ESLint.LintResult[] = [];
  const progress = progressReporter(files.length);
  for (let start = 0; start < files.length; start += CHUNK_SIZE) {
    const chunk = files.slice(start, start + CHUNK_SIZE);
    try {
      results.push(...(await eslint.lintFiles(chunk)));
    } catch {
      // One file broke the chunk: lint them one by one so only that file is reported as an internal error.
      for (const file of chunk) {
        try {
          results.push(...(await eslint.lintFiles([file])));
        } catch (error) {
          results.push(internalErrorResult(file, error));
        }
      }
    }
    progress.update(Math.min(start + CHUNK_SIZE, files.length));
  }
  progress.end();
  return results;
}

/**
 * Drops messages about other plugins' rules: the project's own `eslint-disable` comments name rules this scan does
 * not load (`@typescript-eslint/no-explicit-any`), and ESLint reports each as "Definition for rule ... was not found".
 */
function onlyOwnFindings(result: ESLint.LintResult): ESLint.LintResult {
  const foreign = (message: Linter.LintMessage): boolean => message.ruleId !== null && !message.ruleId.startsWith('mcp-secrets/');
  if (!result.messages.some(foreign)) return result;
  const messages = result.messages.filter((message) => !foreign(message));
  const count = (severity: number): number => messages.filter((message) => message.severity === severity).length;
  return { ...result, messages, errorCount: count(2), warningCount: count(1) };
}

/** Finding counts per rule id; parse errors and internal errors (messages without a rule id) counted apart. */
export function countByRule(results: readonly ESLint.LintResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const message of result.messages) {
      const key = message.ruleId ?? (message.message.startsWith('Internal error') ? INTERNAL_ERRORS : PARSE_ERRORS);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Map([...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

function summary(results: readonly ESLint.LintResult[]): string {
  const counts = countByRule(results);
  const scanned = `${results.length} file${results.length === 1 ? '' : 's'} scanned`;
  if (counts.size === 0) return `mcp-secrets scan: no findings (${scanned})\n`;
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const files = results.filter((result) => result.messages.length > 0).length;
  const width = Math.max(...[...counts.keys()].map((key) => key.length));
  const lines = [...counts].map(([key, n]) => `  ${key.padEnd(width)}  ${n}`);
  return [`mcp-secrets scan: ${total} finding${total === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${scanned})`, ...lines, ''].join('\n');
}

async function formatResults(eslint: ESLint, results: ESLint.LintResult[], format: Format, root: string): Promise<string> {
  if (format === 'sarif') {
    const data = { cwd: root, rulesMeta: eslint.getRulesMetaForResults(results) };
    return sarifLog(results, data, root, {
      name: 'mcp-secrets',
      version: packageInfo.version,
      informationUri: 'https://github.com/mcp-secrets/eslint-plugin-mcp-secrets',
    });
  }
  const formatter = await eslint.loadFormatter(format);
  return formatter.format(results);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** ESLint's `files` patterns match below its cwd: use the current directory unless a path lies outside it. */
function lintRoot(paths: readonly string[]): string {
  const cwd = process.cwd();
  const absolute = paths.map((path) => resolve(cwd, path));
  if (absolute.every((path) => path === cwd || path.startsWith(cwd.endsWith(sep) ? cwd : cwd + sep))) return cwd;
  return commonDirectory(absolute.map((path) => (isDirectory(path) ? path : dirname(path))));
}

async function runScan(options: ScanOptions): Promise<number> {
  // Loaded here, not at the top: --help and usage errors answer without loading ESLint and every parser.
  const [{ ESLint }, { default: plugin }] = await Promise.all([import('eslint'), import('../index.js')]);
  const root = lintRoot(options.paths);
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    // An audit, not the project's lint run: directives left unused by the few rules loaded here are not findings.
    overrideConfig: [...plugin.configs.recommended, { linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' } }],
    warnIgnored: false,
    errorOnUnmatchedPattern: false,
  });
  const candidates = await listCandidateFiles(options.paths, process.cwd());
  const files: string[] = [];
  for (const file of candidates) {
    if (!(await eslint.isPathIgnored(file))) files.push(file);
  }
  const results = (await lintAll(eslint, files)).map(onlyOwnFindings);
  const report = await formatResults(eslint, results, options.format, root);
  const humanSummary = summary(results);
  if (options.output) {
    const output = resolve(options.output);
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, report);
    process.stdout.write(humanSummary);
  } else {
    process.stdout.write(report);
    // Keep machine-readable output pure: the summary goes to stderr unless the report is for humans.
    (options.format === 'stylish' ? process.stdout : process.stderr).write(humanSummary);
  }
  return results.some((result) => result.errorCount + result.warningCount > 0) ? 1 : 0;
}

/** Runs `mcp-secrets scan` and resolves to the exit code: 0 clean, 1 findings or unparsable files, 2 usage error. */
export async function scan(argv: string[]): Promise<number> {
  let options: ScanOptions;
  try {
    options = parseScanArgs(argv);
  } catch (error) {
    process.stderr.write(`mcp-secrets scan: ${(error as Error).message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    return await runScan(options);
  } catch (error) {
    // Never a stack trace: a missing path is a usage error, anything else a one-line failure.
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    process.stderr.write(`mcp-secrets scan: ${message}\n`);
    return 2;
  }
}
