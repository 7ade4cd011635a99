// The files `mcp-secrets scan` lints. In a git work tree git itself decides what is ignored (tracked files plus
// untracked ones not excluded by .gitignore, .git/info/exclude or the global excludes file); elsewhere the tree is
// walked. node_modules is skipped either way. Which of those files are lintable is ESLint's call (its config).
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

function insideSkippedDirectory(path: string): boolean {
  return path.split(/[\\/]/).some((segment) => SKIPPED_DIRECTORIES.has(segment));
}

/** The files git lists under `directory`, or undefined when it is not in a git work tree (or git is missing). */
async function gitFiles(directory: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: directory,
      maxBuffer: 1024 * 1024 * 256,
    });
    return stdout
      .split('\0')
      .filter(Boolean)
      .map((file) => join(directory, file));
  } catch {
    return undefined;
  }
}

async function walk(directory: string, files: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(directory, entry.name);
    // Symbolic links are not followed: a link to a parent would never end.
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(path, files);
    else if (entry.isFile()) files.push(path);
  }
}

/** Files that still exist as regular files (git lists deleted-but-tracked files and submodule directories). */
async function regularFiles(paths: string[]): Promise<string[]> {
  const checked = await Promise.all(
    paths.map(async (path) => {
      try {
        return (await stat(path)).isFile() ? path : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return checked.filter((path): path is string => path !== undefined);
}

export class MissingPathError extends Error {
  constructor(readonly path: string) {
    super(`no such file or directory: ${path}`);
  }
}

/**
 * Every candidate file under `paths` (absolute, sorted, without duplicates). A file named explicitly is kept even
 * when git ignores it, as ESLint does with explicit files; directories are listed through git when possible.
 */
export async function listCandidateFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const given of paths) {
    const path = resolve(cwd, given);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new MissingPathError(given);
    }
    if (info.isFile()) {
      files.add(path);
      continue;
    }
    const listed = (await gitFiles(path)) ?? (await walkAll(path));
    for (const file of await regularFiles(listed.filter((file) => !insideSkippedDirectory(file.slice(path.length))))) {
      files.add(file);
    }
  }
  return [...files].sort();
}

async function walkAll(directory: string): Promise<string[]> {
  const files: string[] = [];
  await walk(directory, files);
  return files;
}

/** The deepest directory that contains every path: ESLint's `files` patterns only match below its cwd. */
export function commonDirectory(paths: readonly string[]): string {
  const split = paths.map((path) => path.split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}
