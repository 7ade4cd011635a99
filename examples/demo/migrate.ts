// `mcp-secrets migrate` on the workspace: first a dry run with a diff (writes nothing), then the real run; and the
// marker comments the codemods leave where a human has to finish the job.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { markedLines } from '../../tests/codemods/support/marked-lines.js';
import { runMcpSecrets, type CommandResult } from './run-command.js';

export interface Marker {
  file: string;
  line: number;
  text: string;
}

export interface Markers {
  list: Marker[];
  /** True when `file:line` lies in a statement that carries a marker: findings there are what it asks a human to do. */
  covers(file: string, line: number): boolean;
}

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export async function migrateDryRun(dir: string): Promise<CommandResult> {
  return checkedMigrate(['migrate', '--dry', '--diff', '.'], dir);
}

export async function migrateForReal(dir: string): Promise<CommandResult> {
  return checkedMigrate(['migrate', '.'], dir);
}

async function checkedMigrate(args: string[], dir: string): Promise<CommandResult> {
  const result = await runMcpSecrets(args, dir);
  if (result.code !== 0) {
    const output = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n    ');
    throw new Error(`mcp-secrets ${args.join(' ')} exited with ${result.code}:\n    ${output}`);
  }
  return result;
}

/** Every `/* mcp-secrets: ... *\/` marker comment in the project's code (outside node_modules). */
export async function findMarkers(dir: string): Promise<Markers> {
  const list: Marker[] = [];
  const markedByFile = new Map<string, Set<number>>();
  for (const path of await codeFiles(dir)) {
    const source = await readFile(path, 'utf8');
    if (!source.includes('mcp-secrets:')) continue;
    const file = relative(dir, path);
    // The codemod tests' own notion of a marked statement, so the demo and those tests agree on what a marker covers.
    markedByFile.set(file, markedLines(source, path));
    source.split('\n').forEach((text, index) => {
      if (/\/\*\s*mcp-secrets:/.test(text)) list.push({ file, line: index + 1, text: text.trim() });
    });
  }
  return { list, covers: (file, line) => markedByFile.get(file)?.has(line) ?? false };
}

async function codeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && CODE_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(dir, path).split(/[\\/]/).includes('node_modules'));
}
