// Fixture discovery: tests/codemods/__testfixtures__/<transform>/<case>.input.<ext> with <case>.output.<ext>, and
// <case>.unchanged.<ext> for files the transform must leave alone.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../__testfixtures__/', import.meta.url));

export interface FixturePair {
  name: string;
  /** A file name with the real extension, which decides the parser and ESM/CommonJS. */
  fileName: string;
  input: string;
  output: string;
}

export interface UnchangedFixture {
  name: string;
  fileName: string;
  source: string;
}

export function fixturesOf(transform: string): { pairs: FixturePair[]; unchanged: UnchangedFixture[] } {
  const dir = `${FIXTURES_DIR}${transform}/`;
  const files = readdirSync(dir).sort();
  const pairs: FixturePair[] = [];
  const unchanged: UnchangedFixture[] = [];
  for (const file of files) {
    const input = /^(.+)\.input(\.[a-z]+)$/.exec(file);
    if (input) {
      const [, name, extension] = input;
      pairs.push({
        name,
        fileName: `${name}${extension}`,
        input: readFileSync(dir + file, 'utf8'),
        output: readFileSync(`${dir}${name}.output${extension}`, 'utf8'),
      });
    }
    const same = /^(.+)\.unchanged(\.[a-z]+)$/.exec(file);
    if (same) unchanged.push({ name: same[1], fileName: `${same[1]}${same[2]}`, source: readFileSync(dir + file, 'utf8') });
  }
  return { pairs, unchanged };
}
