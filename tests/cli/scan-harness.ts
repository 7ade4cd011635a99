// Runs the BUILT `mcp-secrets` command as a subprocess, the way users run it, on copies of the fixture trees.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'bin', 'mcp-secrets.js');
const builtEntry = join(repoRoot, 'dist', 'lib', 'cli', 'scan.js');

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than lib/ (other parts of the tree may not typecheck yet: tsc still emits). */
export function ensureBuilt(): void {
  if (existsSync(builtEntry) && statSync(builtEntry).mtimeMs >= newestSourceTime(join(repoRoot, 'lib'))) return;
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  } catch {
    // Type errors elsewhere in the tree make tsc exit non-zero after emitting; the check below is what matters.
  }
  if (!existsSync(builtEntry)) throw new Error('dist/lib/cli/scan.js was not built');
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runScan(args: string[], cwd: string): CommandResult {
  const result = spawnSync(process.execPath, [bin, 'scan', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryDirectories: string[] = [];

/** A fresh copy of tests/cli/fixtures/<name> in a temp directory, removed by `removeTemporaryDirectories`. */
export function copyFixture(name: string): string {
  const directory = mkdtempSync(join(tmpdir(), `mcp-secrets-scan-${name}-`));
  temporaryDirectories.push(directory);
  cpSync(join(repoRoot, 'tests', 'cli', 'fixtures', name), directory, { recursive: true });
  return directory;
}

export function emptyTemporaryDirectory(label: string): string {
  const directory = mkdtempSync(join(tmpdir(), `mcp-secrets-scan-${label}-`));
  temporaryDirectories.push(directory);
  return directory;
}

export function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

export function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'pipe' });
}
