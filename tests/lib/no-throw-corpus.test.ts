// No rule ever throws: every code rule of the plugin runs, through ESLint's own API with the recommended-code
// config, over a corpus of real JS/TS (the installed sources of typescript-eslint, ESLint, node-postgres,
// node-vault, the MCP SDK, zod, hono, ajv and Babel: about 3,950 files; see bench/lint-corpus.ts). A rule that
// throws makes ESLint reject the whole lint; files the corpus
// itself cannot parse are reported as parse errors and are not rule failures. The findings are printed so that each
// one can be judged (a false positive is a rule bug).
import type { ESLint, Linter } from 'eslint';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../lib/index.js';
import { codeRules } from '../../lib/rules/index.js';
import { corpusEslint, corpusFiles, isParseError, REPO_ROOT } from '../../bench/lint-corpus.js';

interface Crash {
  file: string;
  error: string;
}

/** Lints all files in one go; only if that throws, lints them one by one to name every file a rule throws on. */
async function lintCollectingCrashes(eslint: ESLint, files: string[]): Promise<{ results: ESLint.LintResult[]; crashes: Crash[] }> {
  try {
    return { results: await eslint.lintFiles(files), crashes: [] };
  } catch {
    const results: ESLint.LintResult[] = [];
    const crashes: Crash[] = [];
    for (const file of files) {
      try {
        results.push(...(await eslint.lintFiles([file])));
      } catch (error) {
        crashes.push({ file: relative(REPO_ROOT, file), error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { results, crashes };
  }
}

function where(result: ESLint.LintResult, message: Linter.LintMessage): string {
  return `${relative(REPO_ROOT, result.filePath)}:${message.line}:${message.column}`;
}

describe('every code rule on a real corpus', () => {
  it('lints thousands of real files without a single rule exception', async () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(1500);
    // Without recommended-code's declaration-file block, so that every rule also runs on the corpus's .d.ts files.
    const config = plugin.configs['recommended-code'].filter((block) => block.name !== 'mcp-secrets/recommended/declaration-files');
    expect(config.length).toBe(plugin.configs['recommended-code'].length - 1);
    const configuredRules = Object.keys(Object.assign({}, ...config.map((c) => c.rules ?? {})));
    expect(configuredRules.sort()).toEqual(Object.keys(codeRules).map((name) => `mcp-secrets/${name}`).sort());

    const started = performance.now();
    const { results, crashes } = await lintCollectingCrashes(corpusEslint(config, files), files);
    const seconds = (performance.now() - started) / 1000;

    const parseErrors: string[] = [];
    const otherFatal: string[] = [];
    const findings = new Map<string, string[]>();
    for (const result of results) {
      for (const message of result.messages) {
        if (isParseError(message)) parseErrors.push(`${where(result, message)} ${message.message}`);
        else if (message.fatal || !message.ruleId?.startsWith('mcp-secrets/')) otherFatal.push(`${where(result, message)} ${message.message}`);
        else findings.set(message.ruleId, [...(findings.get(message.ruleId) ?? []), `${where(result, message)} ${message.message.slice(0, 90)}…`]);
      }
    }

    const lines = [
      `corpus: ${files.length} files linted in ${seconds.toFixed(1)} s, ${crashes.length} rule exceptions, ${parseErrors.length} files the corpus cannot parse`,
      ...parseErrors.map((e) => `  parse error (not a rule failure): ${e}`),
      ...[...findings.entries()].flatMap(([rule, list]) => [`${rule}: ${list.length}`, ...list.map((f) => `  ${f}`)]),
    ];
    console.log(lines.join('\n'));

    expect(crashes).toEqual([]);
    expect(otherFatal).toEqual([]);
    // Every file was linted (none silently ignored), and nearly all of them parsed, so the rules really ran.
    expect(results.length).toBe(files.length);
    expect(parseErrors.length).toBeLessThan(files.length / 100);
  }, 600_000);
});
