// `mcp-secrets migrate` as a user runs it: the built bin, as a subprocess, on a copy of a small MCP server in a temp
// git repository. (`npm test` builds dist/ first; the set-up builds it when it is missing.)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './support/fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/mcp-secrets.js');
const SERVER_FILES = ['src/index.ts', 'src/vault.ts', 'src/db.ts', 'src/weather.ts', 'src/legacy/agent-creds.cjs'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function migrate(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, 'migrate', ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A copy of the fixture server, committed in a fresh repository, with an ignored node_modules package. */
function serverRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-migrate-test-'));
  cpSync(join(FIXTURES_DIR, 'mcp-server'), dir, { recursive: true });
  renameSync(join(dir, 'gitignore'), join(dir, '.gitignore'));
  mkdirSync(join(dir, 'node_modules/legacy-vault'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/legacy-vault/index.js'), "const vault = require('node-vault');\nmodule.exports = vault({ token: process.env.VAULT_TOKEN });\n");
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', 'legacy server');
  return dir;
}

function snapshot(dir: string, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

const temps: string[] = [];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/lib/cli/migrate.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT });
}, 180_000);

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('mcp-secrets migrate on an MCP server in a git repository', () => {
  let repo: string;
  let original: Record<string, string>;
  const ignored = ['generated/client.ts', 'node_modules/legacy-vault/index.js'];

  beforeAll(() => {
    repo = serverRepo();
    temps.push(repo);
    original = snapshot(repo, [...SERVER_FILES, ...ignored]);
  });

  it('refuses to run on uncommitted changes, naming them', () => {
    writeFileSync(join(repo, 'src/index.ts'), `${original['src/index.ts']}// work in progress\n`);
    writeFileSync(join(repo, 'src/notes.ts'), 'export const notes = 1;\n');
    const run = migrate(repo);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/uncommitted changes \(src\/index\.ts, src\/notes\.ts\)/);
    expect(run.stdout).toBe('');
    expect(readFileSync(join(repo, 'src/vault.ts'), 'utf8')).toBe(original['src/vault.ts']);
    writeFileSync(join(repo, 'src/index.ts'), original['src/index.ts']);
    rmSync(join(repo, 'src/notes.ts'));
  });

  it('--dry --diff prints a patch that applies, writes nothing, and runs on a dirty tree', () => {
    writeFileSync(join(repo, 'scratch.txt'), 'uncommitted\n');
    const run = migrate(repo, '--dry', '--diff');
    rmSync(join(repo, 'scratch.txt'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--- a/src/vault.ts\n+++ b/src/vault.ts\n');
    expect(run.stdout).toContain('+export const client = createVaultClient();');
    expect(run.stdout).not.toContain('src/index.ts'); // nothing to migrate there
    expect(run.stderr).toContain('4 would change (dry run: nothing written)');
    expect(snapshot(repo, [...SERVER_FILES, ...ignored])).toEqual(original);
    // The patch is a real unified diff: git accepts it against the untouched tree.
    writeFileSync(join(repo, '.git/migrate.patch'), run.stdout);
    expect(() => git(repo, 'apply', '--check', '.git/migrate.patch')).not.toThrow();
  });

  it('migrates the server and summarises what changed and what is left', () => {
    const run = migrate(repo, '--db-role', 'inventory-app');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const summary = run.stdout;
    expect(summary).toMatch(/^mcp-secrets migrate: 5 files checked, 4 changed$/m);
    expect(summary).toMatch(/^ {2}vault-token-to-approle {8}1 file$/m);
    expect(summary).toMatch(/^ {2}database-url-to-dynamic-pool {2}1 file$/m);
    expect(summary).toMatch(/^ {2}module-secret-to-cache {8}1 file$/m);
    expect(summary).toMatch(/^ {2}agent-file-reader {13}1 file$/m);
    expect(summary).toContain('add it with `npm install mcp-secrets-runtime`');

    const vaultFile = readFileSync(join(repo, 'src/vault.ts'), 'utf8');
    expect(vaultFile).toContain("import { createVaultClient } from 'mcp-secrets-runtime';");
    expect(vaultFile).not.toMatch(/VAULT_TOKEN|node-vault/);
    expect(readFileSync(join(repo, 'src/db.ts'), 'utf8')).toContain(
      "const pool = createDynamicPgPool({\n  vault,\n  role: 'inventory-app',\n  connectionString: process.env.DATABASE_URL,\n  max: 5,\n});",
    );
    expect(readFileSync(join(repo, 'src/weather.ts'), 'utf8')).toContain("authorization: `Bearer ${await secrets.get('secret/data/weather-api')}`");
    expect(readFileSync(join(repo, 'src/legacy/agent-creds.cjs'), 'utf8')).toContain("const entries = readAgentSecrets('/vault/secrets/db');");

    // Every marker the summary lists is in the file at that line.
    const markers = [...summary.matchAll(/^ {2}(\S+):(\d+) {2}(.+)$/gm)];
    // db.ts: DATABASE_URL must lose its password in the deployment; weather.ts: a sync use of the API key.
    expect(markers.map(([, file]) => file)).toEqual(['src/db.ts', 'src/weather.ts', 'src/weather.ts']);
    for (const [, file, line, text] of markers) {
      expect(readFileSync(join(repo, file), 'utf8').split('\n')[Number(line) - 1]).toContain(`/* mcp-secrets: ${text} */`);
    }

    // Untouched: the file with nothing to migrate (byte for byte), git-ignored files, node_modules.
    expect(snapshot(repo, ['src/index.ts', ...ignored])).toEqual(Object.fromEntries(['src/index.ts', ...ignored].map((f) => [f, original[f]])));
    expect(git(repo, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual(
      [' M src/db.ts', ' M src/legacy/agent-creds.cjs', ' M src/vault.ts', ' M src/weather.ts'].sort(),
    );
  });

  it('changes nothing when run again', () => {
    git(repo, '-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-q', '-am', 'migrated');
    const run = migrate(repo, '--db-role', 'inventory-app', '--no-install');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^mcp-secrets migrate: 5 files checked, 0 changed$/m);
    expect(run.stdout).not.toContain('npm install');
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});

describe('mcp-secrets migrate: failures and usage', () => {
  it('lists a file it cannot parse, leaves it untouched, migrates the rest and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-migrate-test-'));
    temps.push(dir);
    const broken = "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ;\n";
    writeFileSync(join(dir, 'broken.ts'), broken);
    writeFileSync(join(dir, 'ok.mjs'), "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n");
    const run = migrate(dir, '--json', '--no-install'); // not a git repository: counts as clean
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout) as { filesChanged: number; failed: { file: string; reason: string; message: string }[] };
    expect(summary.filesChanged).toBe(1);
    expect(summary.failed).toEqual([{ file: 'broken.ts', reason: 'parse', message: expect.stringMatching(/^cannot parse: /) }]);
    expect(readFileSync(join(dir, 'broken.ts'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'ok.mjs'), 'utf8')).toContain('createDynamicPgPool');
  });

  it('runs only the transforms named with --transform', () => {
    const dir = serverRepo();
    temps.push(dir);
    const run = migrate(dir, '--transform', 'agent-file-reader', '--json', '--dry');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { filesChanged: number; byTransform: Record<string, number> };
    expect(summary.byTransform).toEqual({ 'agent-file-reader': 1 });
    expect(summary.filesChanged).toBe(1);
  });

  it('--print writes each changed file in full on stdout and the summary on stderr', () => {
    const dir = serverRepo();
    temps.push(dir);
    const run = migrate(dir, '--dry', '--print', '--transform', 'database-url-to-dynamic-pool');
    expect(run.status).toBe(0);
    const printed = readFileSync(join(dir, 'src/db.ts'), 'utf8').replace(/new pg\.Pool\(\{[^}]+\}\);/, '');
    expect(run.stdout.startsWith('==> src/db.ts <==\nimport { createVaultClient, createDynamicPgPool } from')).toBe(true);
    expect(run.stdout).toContain(printed.slice(printed.indexOf('export async function listItems')));
    expect(run.stderr).toMatch(/^mcp-secrets migrate: 5 files checked, 1 would change \(dry run: nothing written\)$/m);
  });

  it.each([
    [['--transform', 'no-such-transform'], /unknown transform "no-such-transform"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--install', '--no-install'], /contradict/],
    [['--db-role', 'has space'], /--db-role must be a Vault role name/],
    [['does/not/exist'], /no such file or directory: does\/not\/exist/],
  ])('exits 2 with one line for %j', (args, message) => {
    const run = migrate(ROOT, '--dry', ...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
