// The transforms together, as `migrate` runs them: what one transform wrote (or left alone on purpose), no other
// transform rewrites. A false match of one transform on another's output shows up here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { runTransforms } from '../../codemods/util/transform-kit.js';
import { FIXTURES_DIR } from './support/fixtures.js';

const settled = readdirSync(FIXTURES_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(output|unchanged)\.[a-z]+$/.test(file));

describe('all transforms together', () => {
  it('has outputs and near misses from every transform', () => {
    expect(new Set(settled.map((file) => file.split('/')[0]))).toEqual(new Set(transforms.map((transform) => transform.name)));
  });

  it.each(settled)('leave %s as it is', (file) => {
    const path = file.replace(/\.(output|unchanged)(\.[a-z]+)$/, '$2');
    const result = runTransforms({ path, source: readFileSync(FIXTURES_DIR + file, 'utf8') }, transforms);
    expect(result.output).toBeUndefined();
  });
});
