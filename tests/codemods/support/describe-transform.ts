// The tests every transform gets from its fixtures: exact output, untouched near misses, a second run that changes
// nothing, the jscodeshift entry point (what `jscodeshift -t` runs), and output that parses.
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { type CodemodTransform, type CodemodOptions, runTransforms } from '../../../codemods/util/transform-kit.js';
import { fixturesOf } from './fixtures.js';

export function run(transform: CodemodTransform, fileName: string, source: string, options?: Partial<CodemodOptions>) {
  return runTransforms({ path: fileName, source }, [transform], options);
}

export function describeTransform(
  transform: CodemodTransform,
  jscodeshiftEntry: (file: { path: string; source: string }, api: never, options: object) => unknown,
): void {
  const { pairs, unchanged } = fixturesOf(transform.name);

  describe(`${transform.name}: fixtures`, () => {
    it('has input/output pairs and near misses', () => {
      expect(pairs.length).toBeGreaterThan(3);
      expect(unchanged.length).toBeGreaterThan(0);
    });

    for (const pair of pairs) {
      it(`rewrites ${pair.fileName}`, () => {
        const result = run(transform, pair.fileName, pair.input);
        expect(result.output).toBe(pair.output);
        expect(result.changedBy).toEqual([transform.name]);
      });

      it(`changes nothing in the output of ${pair.fileName} (idempotent)`, () => {
        expect(run(transform, pair.fileName, pair.output).output).toBeUndefined();
      });
    }

    for (const fixture of unchanged) {
      it(`leaves ${fixture.fileName} alone`, () => {
        expect(run(transform, fixture.fileName, fixture.source)).toEqual({ output: undefined, changedBy: [], markers: [] });
      });
    }

    it('works as a jscodeshift transform module (default export)', () => {
      const [pair] = pairs;
      const api = { jscodeshift, j: jscodeshift, stats: () => {}, report: () => {} } as never;
      expect(jscodeshiftEntry({ path: pair.fileName, source: pair.input }, api, {})).toBe(pair.output);
      const [same] = unchanged;
      expect(jscodeshiftEntry({ path: same.fileName, source: same.source }, api, {})).toBeUndefined();
    });
  });
}
