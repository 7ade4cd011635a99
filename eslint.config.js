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
  // Registered everywhere so eslint-disable comments for our rules resolve; the rule tests' own cases are
  // dangerous on purpose, so the rules run on shipped code, the test harness, benchmarks and the demo only.
  { plugins: { 'mcp-secrets': mcpSecrets } },
  {
    ...mcpSecrets.configs['recommended-code'].find((config) => config.name === 'mcp-secrets/recommended/code'),
    files: ['lib/**/*.ts', 'codemods/**/*.ts', 'runtime/src/**/*.ts', 'tests/support/**/*.ts', 'bench/**/*.ts', 'examples/*.ts', 'examples/demo/**/*.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
