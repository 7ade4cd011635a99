// Lints this repository itself: typescript-eslint's recommended rules, plus our own code rules on our own code.
import tseslint from 'typescript-eslint';
import mcpSecrets from './dist/lib/index.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/__testfixtures__/**',
      'tests/**/fixtures/**',
      'examples/legacy-mcp-server/**',
      '.bench-corpus/**',
      '.tmp/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['lib/**/*.ts', 'codemods/**/*.ts', 'runtime/src/**/*.ts'],
    ...mcpSecrets.configs['recommended-code'].at(-1),
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
