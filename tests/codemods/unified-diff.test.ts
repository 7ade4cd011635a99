// `migrate --diff` output: a unified diff git applies, exactly as `diff -u` writes it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../codemods/util/unified-diff.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (count: number, change: (i: number) => string | undefined = () => undefined) =>
  Array.from({ length: count }, (_, i) => change(i + 1) ?? `line ${i + 1}`).join('\n') + '\n';

/** Applies the patch with git in a scratch directory and returns the file's new text. */
function applyWithGit(before: string, patch: string): string {
  writeFileSync(join(dir, 'f.ts'), before);
  writeFileSync(join(dir, 'change.patch'), patch);
  execFileSync('git', ['apply', '--unidiff-zero', 'change.patch'], { cwd: dir });
  return readFileSync(join(dir, 'f.ts'), 'utf8');
}

describe('unifiedDiff', () => {
  it('writes one hunk with three lines of context, as diff -u does', () => {
    expect(unifiedDiff('f.ts', 'a\nb\nc\nd\ne\n', 'a\nb\nC\nd\ne\n')).toBe('--- a/f.ts\n+++ b/f.ts\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+C\n d\n e\n');
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('f.ts', 'same\n', 'same\n')).toBe('');
  });

  it('merges changes whose contexts touch and splits those further apart', () => {
    const near = unifiedDiff('f.ts', lines(20), lines(20, (i) => (i === 5 || i === 11 ? `changed ${i}` : undefined)));
    expect(near.match(/^@@/gm)).toHaveLength(1);
    const far = unifiedDiff('f.ts', lines(30), lines(30, (i) => (i === 5 || i === 20 ? `changed ${i}` : undefined)));
    expect(far.match(/^@@ .+ @@$/gm)).toEqual(['@@ -2,7 +2,7 @@', '@@ -17,7 +17,7 @@']);
  });

  it.each([
    ['insertions at the start and the end', lines(12), `first\n${lines(12)}last\n`],
    ['deletions', lines(12), lines(12, (i) => (i % 4 === 0 ? '' : undefined)).replace(/^\n/gm, '')],
    ['a new file', '', 'only line\n'],
    ['a file emptied', 'gone\n', ''],
    ['a missing final newline', 'a\nb', 'a\nb\n'],
    ['a rewritten import block', "import pg from 'pg';\nimport x from './x.js';\n\nconst pool = new pg.Pool();\n", "import { createDynamicPgPool } from 'mcp-secrets-runtime';\nimport x from './x.js';\n\nconst vault = createVaultClient();\n\nconst pool = createDynamicPgPool({ vault });\n"],
  ])('produces a patch git applies: %s', (_, before, after) => {
    expect(applyWithGit(before, unifiedDiff('f.ts', before, after))).toBe(after);
  });

  it('says when a file has no final newline', () => {
    expect(unifiedDiff('f.ts', 'a\nb', 'a\nc')).toBe('--- a/f.ts\n+++ b/f.ts\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  });
});
