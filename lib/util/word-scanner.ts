// Finds which of a set of ASCII words occur in a text, ignoring ASCII case, in one left-to-right pass and without a
// lower-cased copy of the text. The words are compiled into an Aho–Corasick automaton (Aho & Corasick, "Efficient
// string matching", CACM 1975) whose failure links are resolved ahead of time, so each character costs one table
// lookup however many words there are. Timed inside a lint run of the bench corpus it took about 100 ms a round where
// one alternation regex over a lower-cased copy took 125 ms plus 30 ms to make the copy (V8's regex engine cannot
// skip ahead when the words start with most letters); docs/benchmarks.md lists what else was tried.

/** Rows of the transition table are indexed by the character code itself: no column lookup in the loop. */
const ROW = 128;
const ROW_SHIFT = 7;
/** A state and its flag fit 16 bits; the gates' words need a few hundred states. */
const MAX_STATES = 1 << 15;

export class WordScanner {
  readonly words: readonly string[];
  /**
   * Per state and ASCII character code: the next state times 2, plus 1 when some word ends in that state. Upper-case
   * letters have their lower case's entries. Indexed by the code itself (no column lookup) and 16 bits wide: faster in
   * a loop over the corpus, though inside a lint run the scan costs the same as before (docs/benchmarks.md).
   */
  readonly #next: Uint16Array;
  /** Per state, the indexes of the words that end there (its own, and those its failure links reach). */
  readonly #ends: readonly (readonly number[])[];

  constructor(words: readonly string[]) {
    this.words = words;
    for (const word of words) {
      if (!isScannable(word)) throw new Error(`WordScanner: "${word}" is not printable ASCII`);
    }

    // The trie: children[state][code] is the child state, for lower-case codes.
    const children: number[][] = [[]];
    const ends: number[][] = [[]];
    words.forEach((word, index) => {
      let state = 0;
      for (const char of word.toLowerCase()) {
        const code = char.charCodeAt(0);
        let child = children[state][code];
        if (child === undefined) {
          child = children.length;
          children[state][code] = child;
          children.push([]);
          ends.push([]);
        }
        state = child;
      }
      ends[state].push(index);
    });

    if (children.length > MAX_STATES) throw new Error(`WordScanner: ${words.length} words need more than ${MAX_STATES} states`);

    // Breadth first, each state's transitions are its trie children, or else those of its failure state, which is
    // shallower and so already complete; a state also ends every word its failure state ends.
    const goto = new Int32Array(children.length * ROW);
    const failure = new Int32Array(children.length);
    const queue: number[] = [];
    for (let code = 0; code < ROW; code++) {
      const child = children[0][code];
      if (child !== undefined) {
        goto[code] = child;
        queue.push(child);
      }
    }
    for (let at = 0; at < queue.length; at++) {
      const state = queue[at];
      ends[state].push(...ends[failure[state]]);
      for (let code = 0; code < ROW; code++) {
        const child = children[state][code];
        const viaFailure = goto[(failure[state] << ROW_SHIFT) + code];
        if (child === undefined) {
          goto[(state << ROW_SHIFT) + code] = viaFailure;
        } else {
          failure[child] = viaFailure;
          goto[(state << ROW_SHIFT) + code] = child;
          queue.push(child);
        }
      }
    }
    this.#ends = ends;
    const next = new Uint16Array(goto.length);
    for (let i = 0; i < goto.length; i++) {
      const code = i & (ROW - 1);
      // An upper-case letter moves like its lower case (the trie only has lower case).
      const target = code >= 0x41 && code <= 0x5a ? goto[i + 0x20] : goto[i];
      next[i] = (target << 1) | (ends[target].length > 0 ? 1 : 0);
    }
    this.#next = next;
  }

  /**
   * Sets `found[i]` to 1 for each word `words[i]` that occurs in `text` between `from` and `to`. Returns whether a
   * character outside ASCII was seen (no word has one; the caller may care for other reasons).
   */
  scanInto(text: string, from: number, to: number, found: Uint8Array): boolean {
    const next = this.#next;
    let row = 0;
    let nonAscii = false;
    for (let at = from; at < to; at++) {
      const code = text.charCodeAt(at);
      if (code >= ROW) {
        row = 0;
        nonAscii = true;
        continue;
      }
      const entry = next[row + code];
      const state = entry >> 1;
      row = state << ROW_SHIFT;
      if ((entry & 1) !== 0) for (const word of this.#ends[state]) found[word] = 1;
    }
    return nonAscii;
  }
}

/** The scanner folds ASCII case only: a word with other characters could not be matched as gates mean it. */
export function isScannable(word: string): boolean {
  return /^[\x20-\x7e]+$/.test(word);
}
