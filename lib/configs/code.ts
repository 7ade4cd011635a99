import type { ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { codeRules } from '../rules/index.js';

export const CODE_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
/** TypeScript declaration files: types and literal constants, no code that runs. */
export const DECLARATION_FILES = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

/**
 * Code rules that look for what code does (reads the environment, calls, logs, catches), which a declaration file
 * cannot hold; the rules that check literal values (a token, a URL with a password, `sslmode=disable`) can report
 * there too, since a `declare const` keeps its literal.
 */
export const RUNTIME_CODE_RULES = Object.entries(codeRules)
  .filter(([, rule]) => rule.meta.docs?.declarationFiles !== true)
  .map(([name]) => name);

/**
 * The code part of `recommended`: every code rule as an error, typescript-eslint's parser for TS files, no type
 * information needed. Rules that could find nothing in a declaration file are off there, so those files do not pay
 * ESLint's per-rule set-up for them (a third of the bench corpus is .d.ts files; docs/benchmarks.md).
 */
export function recommendedCode(plugin: ESLint.Plugin): Linter.Config[] {
  return [
    {
      name: 'mcp-secrets/recommended/typescript-parser',
      files: TS_FILES,
      languageOptions: {
        parser: tsParser as Linter.Parser,
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
    {
      name: 'mcp-secrets/recommended/code',
      files: CODE_FILES,
      plugins: { 'mcp-secrets': plugin },
      rules: Object.fromEntries(Object.keys(codeRules).map((name) => [`mcp-secrets/${name}`, 'error'])),
    },
    {
      name: 'mcp-secrets/recommended/declaration-files',
      files: DECLARATION_FILES,
      rules: Object.fromEntries(RUNTIME_CODE_RULES.map((name) => [`mcp-secrets/${name}`, 'off'])),
    },
  ];
}
