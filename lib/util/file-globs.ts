// The `allow` option of rules that accept reads in some files (scripts, tests): globs matched with picomatch against
// the file's path relative to ESLint's cwd, the way flat config `files` patterns are written.
import { isAbsolute, relative, sep } from 'node:path';
import picomatch from 'picomatch';

const matchers = new Map<string, (path: string) => boolean>();

function matcherFor(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}

/** True when `filename` (absolute, as ESLint gives it) matches one of `globs` relative to `cwd`. */
export function fileMatchesGlobs(filename: string, cwd: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const matcher = matcherFor(globs);
  const relativePath = isAbsolute(filename) ? relative(cwd, filename) : filename;
  const posix = relativePath.split(sep).join('/');
  return matcher(posix) || matcher(filename.split(sep).join('/'));
}
