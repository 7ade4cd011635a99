import type { ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { codeRules } from '../rules/index.js';

export const CODE_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

/** The code part of `recommended`: every code rule as an error, typescript-eslint's parser for TS files, no type information needed. */
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
  ];
}
