// The frame the transforms share: refusing output that does not parse, keeping what recast would lose (#! lines,
// CRLF, the blank line after 'use strict'), runtime imports merged once, and the Runner glue writing only good files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { databaseUrlToDynamicPool } from '../../codemods/database-url-to-dynamic-pool.js';
import { moduleSecretToCache } from '../../codemods/module-secret-to-cache.js';
import type { AnyPath } from '../../codemods/util/ast.js';
import { runWithJscodeshift } from '../../codemods/util/runner.js';
import { useRuntimeExport } from '../../codemods/util/runtime-import.js';
import { type CodemodTransform, MigrationError, nodesOf, runTransforms } from '../../codemods/util/transform-kit.js';
import { FIXTURES_DIR } from './support/fixtures.js';

/** A transform that renames every `x` to a name no parser accepts: its output never parses back. */
const breaksTheCode: CodemodTransform = {
  name: 'breaks-the-code',
  mayMatch: (source) => source.includes('x'),
  apply(ctx) {
    const identifiers = nodesOf(ctx, 'Identifier').filter((path) => path.node.name === 'x');
    for (const path of identifiers) path.node.name = 'not valid';
    return identifiers.length > 0;
  },
};

/** Imports each name given in the file's first comment (`// use: a, b`) from the runtime, as a transform would. */
const importsNames: CodemodTransform = {
  name: 'imports-names',
  mayMatch: (source) => source.includes('use:'),
  apply(ctx) {
    const names = /use: ([\w, ]+)/.exec(ctx.source)?.[1].split(',').map((name) => name.trim()) ?? [];
    const body = ctx.root.paths()[0].get('program', 'body') as AnyPath;
    for (const name of names) useRuntimeExport(ctx, name, body.get(body.value.length - 1) as AnyPath);
    return names.length > 0;
  },
};

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('output that would not parse', () => {
  it('is refused with the parser error, not returned', () => {
    const run = () => runTransforms({ path: 'a.ts', source: 'const x = 1;\n' }, [breaksTheCode]);
    expect(run).toThrow(MigrationError);
    expect(run).toThrow(/the rewritten file would not parse \(.+\); left untouched/);
    try {
      run();
    } catch (error) {
      expect((error as MigrationError).reason).toBe('output-parse');
    }
  });

  it('is never written by the runner, which reports the file and writes the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-kit-'));
    temps.push(dir);
    const bad = join(dir, 'bad.ts');
    const good = join(dir, 'good.ts');
    writeFileSync(bad, 'export const x = 1;\n');
    writeFileSync(good, "import pg from 'pg';\nexport const pool = new pg.Pool({ password: process.env.PGPASSWORD });\n");
    const reports = await runWithJscodeshift([bad, good], [breaksTheCode, databaseUrlToDynamicPool], { dry: false });
    expect(readFileSync(bad, 'utf8')).toBe('export const x = 1;\n');
    expect(reports[0].failure).toEqual({ reason: 'output-parse', message: expect.stringMatching(/would not parse/) });
    expect(reports[1].failure).toBeUndefined();
    expect(reports[1].changedBy).toEqual(['database-url-to-dynamic-pool']);
    expect(readFileSync(good, 'utf8')).toBe(reports[1].after);
    expect(readFileSync(good, 'utf8')).toContain("createDynamicPgPool({ vault, role: 'mcp-app' })");
  });

  it('reports a file that does not parse in the first place, and a dry run writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-kit-'));
    temps.push(dir);
    const broken = join(dir, 'broken.js');
    const good = join(dir, 'good.js');
    const goodSource = "const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });\n";
    writeFileSync(broken, "const { Pool } = require('pg'\n");
    writeFileSync(good, goodSource);
    const reports = await runWithJscodeshift([broken, good], [databaseUrlToDynamicPool], { dry: true });
    expect(reports[0].failure?.reason).toBe('parse');
    expect(reports[1].after).toContain('createDynamicPgPool');
    expect(readFileSync(good, 'utf8')).toBe(goodSource);
  });
});

describe('what recast would lose', () => {
  const pool = "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n";

  it('keeps a #! line', () => {
    const { output } = runTransforms({ path: 'server.mjs', source: `#!/usr/bin/env node\n${pool}` }, [databaseUrlToDynamicPool]);
    expect(output).toMatch(/^#!\/usr\/bin\/env node\nimport \{ createVaultClient, createDynamicPgPool \} from 'mcp-secrets-runtime';\n/);
  });

  it('keeps CRLF line endings', () => {
    const { output } = runTransforms({ path: 'server.ts', source: pool.replace(/\n/g, '\r\n') }, [databaseUrlToDynamicPool]);
    expect(output).toContain('\r\n');
    expect(output?.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it("keeps one semicolon and the blank line after 'use strict'", () => {
    const source = "'use strict';\n\nconst { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });\n";
    const { output } = runTransforms({ path: 'db.cjs', source }, [databaseUrlToDynamicPool]);
    expect(output).toMatch(/^'use strict';\n\nconst \{ createVaultClient, createDynamicPgPool \} = require\('mcp-secrets-runtime'\);\n/);
  });
});

describe('runtime imports', () => {
  const run = (path: string, source: string) => runTransforms({ path, source }, [importsNames]).output;

  it('merges into the existing value import, leaving `import type` alone', () => {
    const source = "// use: SecretCache, appRole\nimport type { VaultClient } from 'mcp-secrets-runtime';\nimport { createVaultClient } from 'mcp-secrets-runtime';\nexport {};\n";
    expect(run('a.ts', source)).toBe(
      "// use: SecretCache, appRole\nimport type { VaultClient } from 'mcp-secrets-runtime';\nimport { createVaultClient, SecretCache, appRole } from 'mcp-secrets-runtime';\nexport {};\n",
    );
  });

  it('uses an aliased or namespace import as it is, adding nothing', () => {
    expect(run('a.ts', "// use: SecretCache\nimport { SecretCache as Cache } from 'mcp-secrets-runtime';\nexport {};\n")).toBeUndefined();
    expect(run('a.ts', "// use: SecretCache\nimport * as runtime from 'mcp-secrets-runtime';\nexport {};\n")).toBeUndefined();
  });

  it('aliases a name the file already uses for something else', () => {
    const source = '// use: SecretCache\nclass SecretCache {}\nexport { SecretCache };\n';
    expect(run('a.mts', source)).toContain("import { SecretCache as SecretCache2 } from 'mcp-secrets-runtime';");
  });

  it('requires in CommonJS, merged into an existing destructuring', () => {
    const fresh = run('a.cjs', "// use: SecretCache\nconst fs = require('fs');\nmodule.exports = fs;\n");
    expect(fresh).toBe("// use: SecretCache\nconst fs = require('fs');\nconst { SecretCache } = require('mcp-secrets-runtime');\nmodule.exports = fs;\n");
    const merged = run('a.cjs', "// use: appRole\nconst { createVaultClient } = require('mcp-secrets-runtime');\nmodule.exports = createVaultClient;\n");
    expect(merged).toBe("// use: appRole\nconst { createVaultClient, appRole } = require('mcp-secrets-runtime');\nmodule.exports = createVaultClient;\n");
  });
});

describe('regressions', () => {
  it('prints a statement parsed from a snippet that took over the comments of the one it replaced', () => {
    // The first lines of examples/legacy-mcp-server: recast measured the new `const secrets = ...` with positions
    // from two different texts (the snippet's and its comment's) and crashed while printing.
    const path = `${FIXTURES_DIR}regressions/comment-onto-snippet.js`;
    const { output, changedBy } = runTransforms({ path, source: readFileSync(path, 'utf8') }, transforms);
    expect(changedBy).toEqual(['vault-token-to-approle', 'database-url-to-dynamic-pool', 'module-secret-to-cache']);
    expect(output).toContain("// The carrier's API key, fetched once when the module loads.\nconst secrets = new SecretCache(getSecret);\n");
  });
});

describe('options', () => {
  it('leaves files without a match unparsed and unchanged', () => {
    expect(runTransforms({ path: 'a.ts', source: 'this is not even code' }, [moduleSecretToCache])).toEqual({ output: undefined, changedBy: [], markers: [] });
  });
});
