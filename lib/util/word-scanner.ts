// Finds which of a set of ASCII words occur in a text, ignoring ASCII case, in one left-to-right pass and without a
// lower-cased copy of the text. The words are compiled into an Aho–Corasick automaton (Aho & Corasick, "Efficient
// string matching", CACM 1975) whose failure links are resolved ahead of time, so each character costs one table
// lookup however many words there are. Timed inside a lint run of the bench corpus it took about 100 ms a round where
// one alternation regex over a lower-cased copy took 125 ms plus 30 ms to make the copy (V8's regex engine cannot
// skip ahead when the words start with most letters); docs/benchmarks.md lists what else was tried.

export class WordScanner {
  readonly words: readonly string[];
  /** Column of each character code below 128; 0 for characters no word has (and for everything else). */
  readonly #column: Uint8Array;
  /** log2 of the row width: a state's row starts at `state << #shift`. */
  readonly #shift: number;
  /** Per state and column: the next state's row start times 2, plus 1 when some word ends in that state. */
  readonly #next: Int32Array;
  /** Per state, the indexes of the words that end there (its own, and those its failure links reach). */
  readonly #ends: readonly (readonly number[])[];

  constructor(words: readonly string[]) {
    this.words = words;
    const column = new Uint8Array(128);
    let columns = 1;
    for (const word of words) {
      if (!isScannable(word)) throw new Error(`WordScanner: "${word}" is not printable ASCII`);
      for (const char of word.toLowerCase()) {
        const code = char.charCodeAt(0);
        if (column[code] !== 0) continue;
        column[code] = columns;
        if (code >= 0x61 && code <= 0x7a) column[code - 0x20] = columns; // an upper-case letter is its lower case
        columns++;
      }
    }
    this.#column = column;
    const shift = Math.max(1, Math.ceil(Math.log2(columns)));
    this.#shift = shift;

    // The trie: children[state][column] is the child state.
    const children: number[][] = [[]];
    const ends: number[][] = [[]];
    words.forEach((word, index) => {
      let state = 0;
      for (const char of word.toLowerCase()) {
        const col = column[char.charCodeAt(0)];
        let child = children[state][col];
        if (child === undefined) {
          child = children.length;
          children[state][col] = child;
          children.push([]);
          ends.push([]);
        }
        state = child;
      }
      ends[state].push(index);
    });

    // Breadth first, each state's transitions are its trie children, or else those of its failure state, which is
    // shallower and so already complete; a state also ends every word its failure state ends.
    const width = 1 << shift;
    const goto = new Int32Array(children.length * width);
    const failure = new Int32Array(children.length);
    const queue: number[] = [];
    for (let col = 0; col < width; col++) {
      const child = children[0][col];
      if (child !== undefined) {
        goto[col] = child;
        queue.push(child);
      }
    }
    for (let at = 0; at < queue.length; at++) {
      const state = queue[at];
      ends[state].push(...ends[failure[state]]);
      for (let col = 0; col < width; col++) {
        const child = children[state][col];
        const viaFailure = goto[(failure[state] << shift) + col];
        if (child === undefined) {
          goto[(state << shift) + col] = viaFailure;
        } else {
          failure[child] = viaFailure;
          goto[(state << shift) + col] = child;
          queue.push(child);
        }
      }
    }
    this.#ends = ends;
    const next = new Int32Array(goto.length);
    for (let i = 0; i < goto.length; i++) next[i] = ((goto[i] << shift) << 1) | (ends[goto[i]].length > 0 ? 1 : 0);
    this.#next = next;
  }

  /** Sets `found[i]` to 1 for each word `words[i]` that occurs in `text` between `from` and `to`. */
  scanInto(text: string, from: number, to: number, found: Uint8Array): void {
    const column = this.#column;
    const next = this.#next;
    let row = 0;
    for (let at = from; at < to; at++) {
      const code = text.charCodeAt(at);
      const entry = next[row + (code < 128 ? column[code] : 0)];
      row = entry >> 1;
      if ((entry & 1) !== 0) for (const word of this.#ends[row >> this.#shift]) found[word] = 1;
    }
  }
}

/** The scanner folds ASCII case only: a word with other characters could not be matched as gates mean it. */
export function isScannable(word: string): boolean {
  return /^[\x20-\x7e]+$/.test(word);
}
