import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withRulesTable } from '../../scripts/sync-readme.js';
import { rules } from '../../lib/rules/index.js';

// The sections ARCHITECTURE.md asks of every rule doc.
const DOC_SECTIONS = [
  '## Rule details',
  '## Incorrect code',
  '## Correct code',
  '## Options',
  '## Migration',
  '## When not to use it',
];

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README and docs stay in sync with the rules', () => {
  it('README rules table matches the rules meta (run `npm run sync-readme` to fix)', () => {
    expect(readme).toBe(withRulesTable(readme));
  });

  it.each(Object.keys(rules))('%s has docs/rules/<name>.md with the required sections', (name) => {
    const path = new URL(`../../docs/rules/${name}.md`, import.meta.url);
    expect(existsSync(path)).toBe(true);
    const doc = readFileSync(path, 'utf8');
    for (const section of DOC_SECTIONS) {
      expect(doc, `${name}.md lacks "${section}"`).toContain(section);
    }
  });
});
