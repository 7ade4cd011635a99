// The word scanner answers "which of these words does the text contain, in any ASCII case" for every source gate: a
// word it missed would be a file skipped with a finding in it. Checked against String#includes on lower-cased text.
import { describe, expect, it } from 'vitest';
import { WordScanner } from '../../../lib/util/word-scanner.js';

function wordsIn(scanner: WordScanner, text: string, from = 0, to = text.length): string[] {
  const found = new Array<number>(scanner.words.length).fill(0);
  scanner.scanInto(text, from, to, found);
  return scanner.words.filter((_, index) => found[index] === 1);
}

describe('WordScanner', () => {
  it('finds words that overlap, share prefixes or suffixes, or contain one another', () => {
    // The textbook set: after "sh" fails on "e" -> "she", the automaton must still see "he" and, later, "hers".
    const scanner = new WordScanner(['he', 'she', 'his', 'hers']);
    expect(wordsIn(scanner, 'ushers')).toEqual(['he', 'she', 'hers']);
    expect(wordsIn(scanner, 'this')).toEqual(['his']);
    expect(wordsIn(scanner, 'sh-e h.is')).toEqual([]);
  });

  it('folds ASCII case in the text and in the words', () => {
    const scanner = new WordScanner(['vault_token', 'SSLMode', '://']);
    expect(wordsIn(scanner, 'process.env.VAULT_TOKEN + "sslmode" + "HTTP://"')).toEqual(['vault_token', 'SSLMode', '://']);
    expect(wordsIn(scanner, 'Vault_Token')).toEqual(['vault_token']);
  });

  it('does not fold other characters: a non-ASCII character ends any partial match', () => {
    const scanner = new WordScanner(['token', 'key']);
    expect(wordsIn(scanner, 'to\u212Aen \u212Aey tok\u00E9n')).toEqual([]);
    expect(wordsIn(scanner, '\u00E9token\u00E9')).toEqual(['token']);
  });

  it('reports whether the range held a character outside ASCII', () => {
    const scanner = new WordScanner(['key']);
    const found = [0];
    expect(scanner.scanInto('const key = 1', 0, 13, found)).toBe(false);
    expect(scanner.scanInto('// \u00E9\nkey', 0, 4, found)).toBe(true);
    expect(scanner.scanInto('\u00E9 key', 1, 6, found)).toBe(false);
  });

  it('reads only the range it is given, and adds to what earlier ranges found', () => {
    const scanner = new WordScanner(['pass', 'env']);
    const text = 'pass /* env */ password';
    expect(wordsIn(scanner, text, 4, 15)).toEqual(['env']);
    expect(wordsIn(scanner, text, 1, 15)).toEqual(['env']);
    const found = [0, 0];
    scanner.scanInto(text, 0, 4, found);
    scanner.scanInto(text, 15, text.length, found);
    expect([...found]).toEqual([1, 0]);
  });

  it('refuses words it could not match as written', () => {
    expect(() => new WordScanner(['pass\tword'])).toThrow(/not printable ASCII/);
    expect(() => new WordScanner(['\u212Aey'])).toThrow(/not printable ASCII/);
    expect(() => new WordScanner([''])).toThrow(/not printable ASCII/);
  });

  it('agrees with String#includes on lower-cased text for random words and texts', () => {
    let state = 7;
    const random = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const alphabet = 'abAB_./ \u00E9';
    const pick = (length: number, chars: string): string => Array.from({ length }, () => chars[random(chars.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const words = [...new Set(Array.from({ length: 1 + random(8) }, () => pick(1 + random(4), 'ab_./')))];
      const text = pick(random(40), alphabet);
      const scanner = new WordScanner(words);
      expect(wordsIn(scanner, text)).toEqual(words.filter((word) => text.toLowerCase().includes(word)));
    }
  });

  it('still finds every word when there are too many for a 16-bit table (user-configured name lists)', () => {
    let state = 11;
    const letter = (): string => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 'abcdefghijklmnopqrstuvwxyz_'[(state >>> 8) % 27];
    };
    const words = [...new Set(Array.from({ length: 3000 }, () => Array.from({ length: 10 }, letter).join('')))];
    const scanner = new WordScanner(words);
    const text = `${words[0].toUpperCase()} x ${words[1500]}y${words[2999].slice(0, 9)}`;
    expect(wordsIn(scanner, text)).toEqual([words[0], words[1500]]);
  });
});
