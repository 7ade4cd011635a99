// The transforms on real code they have nothing to do with: every source file of a few installed packages (the MCP
// SDK, pg, node-vault, ESLint's own lib). Text gates are bypassed so every transform analyses every file:
// none may throw (a codemod must not fail on odd code) and none may change anything (a change would be a false match).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { MigrationError, runTransforms } from '../../codemods/util/transform-kit.js';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const PACKAGES = ['@modelcontextprotocol/sdk/dist/esm', 'pg/lib', 'pg-pool', 'node-vault/src', 'eslint/lib'];

function sourceFiles(dir: string): string[] {
  return readdirSync(NODE_MODULES + dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(file) && !/\.d\.[cm]?ts$/.test(file) && !file.includes('node_modules'))
    .map((file) => `${NODE_MODULES}${dir}/${file}`);
}

describe('all transforms on real code without secrets', () => {
  const files = PACKAGES.flatMap(sourceFiles);
  const ungated = transforms.map((transform) => ({ ...transform, mayMatch: () => true }));

  it('analyses several hundred files without throwing or changing any', () => {
    expect(files.length).toBeGreaterThan(400);
    const problems: string[] = [];
    for (const file of files) {
      try {
        const { output, changedBy } = runTransforms({ path: file, source: readFileSync(file, 'utf8') }, ungated);
        if (output !== undefined) problems.push(`${file.slice(NODE_MODULES.length)}: changed by ${changedBy.join(', ')}`);
      } catch (error) {
        // A file our parser cannot read is reported and left alone by design; anything else is a bug.
        if (!(error instanceof MigrationError && error.reason === 'parse')) problems.push(`${file.slice(NODE_MODULES.length)}: ${String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
