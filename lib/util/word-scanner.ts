// Finds which of a set of ASCII words occur in a text, ignoring ASCII case, in one left-to-right pass and without a
// lower-cased copy of the text. The words are compiled into an Aho–Corasick automaton (Aho & Corasick, "Efficient
// string matching", CACM 1975) whose failure links are resolved ahead of time, so each character costs one table
// lookup however many words there are. Timed inside a lint run of the bench corpus it took about 100 ms a round where
// one alternation regex over a lower-cased copy took 125 ms plus 30 ms to make the copy (V8's regex engine cannot
// skip ahead when the words start with most letters); docs/benchmarks.md lists what else was tried.

/** Character codes the table has columns for; every word is printable ASCII. */
const ASCII = 128;

export class WordScanner {
  readonly words: readonly string[];
  /** Per ASCII character code, its column in the transition table: 0 for a character no word has. */
  readonly #columns: Uint8Array;
  /** Columns per state: one per distinct (lower-case) character of the words, plus column 0. */
  readonly #width: number;
  /**
   * Per state and column: the next state's offset in this table (its number times #width) times 2, plus 1 when some
   * word ends in that state. Only the words' characters get columns, so a state's row is a few dozen entries and the
   * whole table about 31 kB for the gates' 72 words (400 states), where a row per character code took 100 kB and grew
   * fastest with user-configured name lists. 16 bits wide when the offsets fit, 32 otherwise.
   */
  readonly #next: Uint16Array | Uint32Array;
  /** Per state, the indexes of the words that end there (its own, and those its failure links reach). */
  readonly #ends: readonly (readonly number[])[];

  constructor(words: readonly string[]) {
    this.words = words;
    for (const word of words) {
      if (!isScannable(word)) throw new Error(`WordScanner: "${word}" is not printable ASCII`);
    }

    const columns = new Uint8Array(ASCII);
    let width = 1;
    for (const char of words.join('').toLowerCase()) {
      const code = char.charCodeAt(0);
      if (columns[code] !== 0) continue;
      columns[code] = width;
      // An upper-case letter moves like its lower case (the trie only has lower case).
      if (code >= 0x61 && code <= 0x7a) columns[code - 0x20] = width;
      width++;
    }

    // The trie: children[state][column] is the child state.
    const children: number[][] = [[]];
    const ends: number[][] = [[]];
    words.forEach((word, index) => {
      let state = 0;
      for (const char of word.toLowerCase()) {
        const column = columns[char.charCodeAt(0)];
        let child = children[state][column];
        if (child === undefined) {
          child = children.length;
          children[state][column] = child;
          children.push([]);
          ends.push([]);
        }
        state = child;
      }
      ends[state].push(index);
    });

    if (children.length * width * 2 > 0x7fffffff) throw new Error(`WordScanner: ${words.length} words need too large a table`);

    // Breadth first, each state's transitions are its trie children, or else those of its failure state, which is
    // shallower and so already complete; a state also ends every word its failure state ends.
    const goto = new Int32Array(children.length * width);
    const failure = new Int32Array(children.length);
    const queue: number[] = [];
    for (let column = 1; column < width; column++) {
      const child = children[0][column];
      if (child !== undefined) {
        goto[column] = child;
        queue.push(child);
      }
    }
    for (let at = 0; at < queue.length; at++) {
      const state = queue[at];
      ends[state].push(...ends[failure[state]]);
      for (let column = 1; column < width; column++) {
        const child = children[state][column];
        const viaFailure = goto[failure[state] * width + column];
        if (child === undefined) {
          goto[state * width + column] = viaFailure;
        } else {
          failure[child] = viaFailure;
          goto[state * width + column] = child;
          queue.push(child);
        }
      }
    }

    const fits16Bits = goto.length * 2 <= 0xffff;
    const next = fits16Bits ? new Uint16Array(goto.length) : new Uint32Array(goto.length);
    for (let i = 0; i < goto.length; i++) next[i] = ((goto[i] * width) << 1) | (ends[goto[i]].length > 0 ? 1 : 0);
    this.#columns = columns;
    this.#width = width;
    this.#next = next;
    this.#ends = ends;
  }

  /**
   * Sets `found[i]` to 1 for each word `words[i]` that occurs in `text` between `from` and `to`. Returns whether a
   * character outside ASCII was seen (no word has one; the caller may care for other reasons). `found` is a plain
   * array: a Uint8Array of the gates' 72 flags lives outside V8's heap, and cost 6–19 µs a small file in the lint
   * benchmark, several times the scan of such a file (docs/benchmarks.md).
   */
  scanInto(text: string, from: number, to: number, found: number[]): boolean {
    const columns = this.#columns;
    const next = this.#next;
    let row = 0;
    let nonAscii = false;
    for (let at = from; at < to; at++) {
      const code = text.charCodeAt(at);
      if (code >= ASCII) {
        row = 0;
        nonAscii = true;
        continue;
      }
      const entry = next[row + columns[code]];
      row = entry >> 1;
      if ((entry & 1) !== 0) this.#found(row, found);
    }
    return nonAscii;
  }

  #found(row: number, found: number[]): void {
    for (const word of this.#ends[row / this.#width]) found[word] = 1;
  }
}

/** The scanner folds ASCII case only: a word with other characters could not be matched as gates mean it. */
export function isScannable(word: string): boolean {
  return /^[\x20-\x7e]+$/.test(word);
}
