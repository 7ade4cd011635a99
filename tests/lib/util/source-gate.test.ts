// The source gate of the log rule must accept every name the secret finder can report: a name it missed would be a
// finding silently skipped. Each name is spelled the ways code writes it, and must really be a credential name.
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_NOUNS, CREDENTIAL_PAIRS, isCredentialName, isSecretEnvName } from '../../../lib/util/secret-names.js';
import { SECRET_TEXT } from '../../../lib/util/source-gate.js';

// Read from secret-names itself: a noun added there and missing from the gate fails here.
const NOUNS = [...CREDENTIAL_NOUNS];
const PAIRS = [...CREDENTIAL_PAIRS].map((pair) => pair.split(' '));
const cap = (word: string): string => word[0].toUpperCase() + word.slice(1);

function spellings(words: string[]): string[] {
  const [first, ...rest] = ['db', ...words];
  return [
    first + rest.map(cap).join(''), // dbApiKey
    [first, ...rest].join('_'), // db_api_key
    [first, ...rest].join('_').toUpperCase(), // DB_API_KEY
    [first, ...rest].join('-'), // db-api-key
    [first, ...rest.map((w) => w.toUpperCase())].join(''), // dbAPIKEY-like runs
  ];
}

describe('SECRET_TEXT', () => {
  const names = [...NOUNS.map((noun) => [noun]), ...PAIRS].flatMap(spellings).filter((name) => isCredentialName(name));

  it('covers enough credential spellings to mean something', () => {
    expect(names.length).toBeGreaterThan(80);
  });

  it.each(names)('matches the credential name %s', (name) => {
    expect(SECRET_TEXT.test(name)).toBe(true);
  });

  it('matches names that only lower-case to a credential word (Kelvin sign K in toKen)', () => {
    const name = 'to\u212Aen';
    expect(isCredentialName(name)).toBe(true);
    expect(SECRET_TEXT.test(name)).toBe(true);
  });

  it('matches the well-known secret env names (read through an env object, so `env` is in the file too)', () => {
    for (const name of ['PGPASSWORD', 'GITHUB_PAT', 'AWS_SECRET_ACCESS_KEY', 'NPM_AUTH_TOKEN']) {
      expect(isSecretEnvName(name)).toBe(true);
      expect(SECRET_TEXT.test(`process.env.${name}`)).toBe(true);
    }
  });

  it('does not match code that holds no secret words', () => {
    expect(SECRET_TEXT.test("export function add(a, b) { console.log('sum', a + b); return a + b; }")).toBe(false);
  });
});
