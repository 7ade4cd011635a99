// A throw-away copy of the example MCP server in its own git repository, as a user's project would be: migrate
// refuses to rewrite a dirty tree, and the diff it shows is against the committed "before" state.
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Cleanup } from './cleanup.js';
import { exampleDir, repoNodeModules } from './paths.js';
import { git } from './run-command.js';

export interface Workspace {
  dir: string;
  /** Files git sees as changed or untracked (`git status --porcelain`), e.g. [' M src/server.js']. */
  changedFiles(): Promise<string[]>;
}

export async function createWorkspace(cleanup: Cleanup): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-secrets-demo-'));
  cleanup.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  await cp(exampleDir, dir, { recursive: true, filter: (source) => basename(source) !== 'node_modules' });
  // The copy resolves its packages from the repository: pg, node-vault, the MCP SDK, and mcp-secrets-runtime (the
  // workspace link to runtime/, whose built ESM output the migrated code imports). .gitignore lists node_modules.
  await symlink(repoNodeModules, join(dir, 'node_modules'), 'dir');
  await git(['init', '--quiet'], dir);
  await git(['add', '--all'], dir);
  await git(['commit', '--quiet', '-m', 'shop assistant before the migration'], dir);
  return {
    dir,
    changedFiles: async () =>
      (await git(['status', '--porcelain'], dir)).split('\n').filter((line) => line.trim() !== ''),
  };
}
