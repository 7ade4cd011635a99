// `mcp-secrets migrate` on the workspace: first a dry run with a diff (writes nothing), then the real run; and the
// marker comments the codemods leave where a human has to finish the job.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runMcpSecrets, type CommandResult } from './run-command.js';

export interface Marker {
  file: string;
  line: number;
  text: string;
}

const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const MARKER = '/* mcp-secrets:';

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
export async function findMarkers(dir: string): Promise<Marker[]> {
  const markers: Marker[] = [];
  for (const file of await codeFiles(dir)) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((text, index) => {
      if (text.includes(MARKER)) markers.push({ file: relative(dir, file), line: index + 1, text: text.trim() });
    });
  }
  return markers;
}

async function codeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && CODE_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(dir, path).split(/[\\/]/).includes('node_modules'));
}
