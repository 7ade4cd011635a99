// The real-code corpus the rule-robustness test (tests/lib/no-throw-corpus.test.ts) and the lint benchmark
// (bench/lint.bench.ts) both run over: the installed sources of typescript-eslint, ESLint, node-postgres and the
// MCP SDK. Thousands of files of real JS/TS, written by others, none of it written to please our rules.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Corpus roots, relative to the repository; a `*` segment matches every directory at that level. */
export const CORPUS_ROOTS = [
  'node_modules/typescript-eslint',
  'node_modules/@typescript-eslint/*/dist',
  'node_modules/eslint/lib',
  'node_modules/pg',
  'node_modules/pg-pool',
  'node_modules/pg-protocol',
  'node_modules/pg-connection-string',
  'node_modules/node-vault',
  'node_modules/@modelcontextprotocol/sdk/dist',
  // More code nobody wrote for us, to reach several thousand files: schema validators, a web framework, Babel.
  'node_modules/zod',
  'node_modules/hono/dist',
  'node_modules/ajv/dist',
  'node_modules/@babel/*/lib',
];

const CODE_FILE = /\.(?:[cm]?js|[cm]?ts)$/;

function expandRoot(pattern: string): string[] {
  let dirs = [REPO_ROOT];
  for (const segment of pattern.split('/')) {
    dirs = dirs.flatMap((dir) => {
      if (segment !== '*') return [join(dir, segment)];
      return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(dir, d.name)) : [];
    });
  }
  return dirs.filter((dir) => existsSync(dir));
}

function collect(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // Nested dependencies are other packages (and other versions): not part of this corpus.
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') collect(path, into);
    } else if (entry.isFile() && CODE_FILE.test(entry.name)) {
      into.push(path);
    }
  }
}

/** Absolute paths of every .js/.cjs/.mjs/.ts/.cts/.mts file (declaration files included) in the corpus, sorted. */
export function corpusFiles(): string[] {
  const files: string[] = [];
  for (const root of CORPUS_ROOTS.flatMap(expandRoot)) collect(root, files);
  return [...new Set(files)].sort();
}

/**
 * Config objects that parse each package's `.js` files the way Node loads them: CommonJS unless the nearest
 * package.json says `"type": "module"` (the MCP SDK ships both, in dist/cjs and dist/esm). Without this, CommonJS
 * code would be parsed as ES modules, which is not how anyone lints it.
 */
export function corpusSourceTypeConfigs(files: readonly string[]): Linter.Config[] {
  const packageDirs = new Map<string, 'module' | 'commonjs'>();
  for (const file of files) {
    for (let dir = dirname(file); dir.startsWith(REPO_ROOT) && dir !== REPO_ROOT; dir = dirname(dir)) {
      if (packageDirs.has(dir)) break;
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
        packageDirs.set(dir, type === 'module' ? 'module' : 'commonjs');
        break;
      }
    }
  }
  // Shallower package.json first, so a nested one (dist/esm/package.json) overrides its package's.
  const configs: Linter.Config[] = [...packageDirs.entries()]
    .sort(([a], [b]) => a.split(sep).length - b.split(sep).length)
    .map(([dir, sourceType]) => ({
      name: `corpus/${sourceType}:${relative(REPO_ROOT, dir)}`,
      files: [`${relative(REPO_ROOT, dir).split(sep).join('/')}/**/*.js`],
      languageOptions: { sourceType },
    }));
  // pg-protocol ships ES modules in esm/ inside a CommonJS package ("exports" points `import` there).
  configs.push({ name: 'corpus/module:esm-folders', files: ['**/esm/**/*.js'], languageOptions: { sourceType: 'module' } });
  return configs;
}

/**
 * An ESLint instance over the corpus with `config` (for example the plugin's recommended-code config): node_modules
 * un-ignored, no config file, inline `eslint-disable` comments ignored (they name rules of the corpus's own set-up,
 * and must not switch ours off).
 */
export function corpusEslint(
  config: Linter.Config[],
  files: readonly string[],
  options: { stats?: boolean; ruleFilter?: (rule: { ruleId: string; severity: number }) => boolean } = {},
): ESLint {
  return new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [...config, ...corpusSourceTypeConfigs(files)],
    ignorePatterns: ['!**/node_modules/'],
    allowInlineConfig: false,
    cache: false,
    stats: options.stats ?? false,
    ...(options.ruleFilter ? { ruleFilter: options.ruleFilter } : {}),
  });
}

/** A message ESLint produced because the file does not parse (a property of the corpus, not of a rule). */
export function isParseError(message: Linter.LintMessage): boolean {
  return message.fatal === true && message.ruleId === null && message.message.startsWith('Parsing error');
}
