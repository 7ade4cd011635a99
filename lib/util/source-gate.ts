// A cheap test of a file's source text (its escapes decoded), run once in a rule's create(): when the text a
// finding needs cannot be in the file, the rule registers no listeners, so ESLint does not dispatch it on every node.
//
// Gates ask whether lower-case words occur in the file's code in any ASCII case; one pass over the text between its
// comments (word-scanner.ts) finds all the words any gate asks about, and its answers are shared by every rule.
// Case-insensitive alternation regexes over the whole text, one per rule, were the plugin's single largest cost in
// bench/lint.bench.ts's profile; one String#includes per word halved that, one alternation regex over a lower-cased
// copy halved it again, and the automaton without the copy took a third off what was left. Gates also share words
// where they can (every default fetcher name contains `secret`).
import type { TSESLint } from '@typescript-eslint/utils';
import { CREDENTIAL_PAIRS, CREDENTIAL_STEMS } from './secret-names.js';
import { isScannable, WordScanner } from './word-scanner.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * Escapes that spell, in a string, template or name, a character the raw text does not contain where a gate would
 * look for it: `\u0072ejectUnauthorized` (also valid in names), `\x73slmode`, legacy octal `\163`, an identity escape
 * (`'pa\ss'` is 'pass'), a backslash-newline continuation inside a string, and numeric character references
 * (`&#115;`), which JSX text decodes. Only escapes of printable ASCII count (plus the Kelvin sign and dotted capital
 * I, which lower-case to ASCII letters): `\x1b`, `\u00A0` or `\uD800` cannot spell a gate word. `\\` is matched as a
 * pair so that the escaped backslash is skipped, and `\b \f \n \r \t \v \0` and escaped quotes spell nothing a gate
 * needs. The Kelvin sign and dotted capital I themselves count too: names are compared lower-cased (`\u212Aey` is
 * `key` to nameWords()), and the scan folds ASCII case only. Gates read the text with these decoded (decodedText), so
 * a gate only ever has to match the plain spelling.
 */
const ESCAPE =
  /\\(?:\\|[A-Zac-eg-mo-qswyz.\/:_$@#&*+?^~!%=<>,;|()[\]{}-]|x[2-7][0-9a-fA-F]|u(?:00[2-7][0-9a-fA-F]|0130|212[aA]|\{0*(?:[2-7][0-9a-fA-F]|130|212[aA])\})|0[4-7][0-7]|1[0-7][0-7]|[4-7][0-7]?|\r|\n|\u2028|\u2029)|&#|\u0130|\u212A/g;

interface Token {
  type: string;
  range: readonly [number, number];
}

/** A stretch of the text to read as `to` instead. */
interface Replacement {
  start: number;
  end: number;
  to: string;
}

/**
 * The ESCAPEs a rule could read through, decoded. With the file's tokens, escapes in comments and in regular expression
 * literals (where `\u00A0-\uD7FF` and `\s` abound) do not count, and character references only count in JSX text.
 * Until 2026-11-26 a file with any of them was let through every gate, and 22 corpus files were, among them the
 * 500 kB @babel/parser bundle (for `"\*"` and `"\u0022"`), which then drew a third of all listener calls.
 */
function spellingEscapes(text: string, tokens: readonly Token[] | undefined): Replacement[] {
  const found: Replacement[] = [];
  ESCAPE.lastIndex = 0;
  for (let match = ESCAPE.exec(text); match; match = ESCAPE.exec(text)) {
    if (match[0] === '\\\\') continue;
    if (tokens) {
      const token = tokenAt(tokens, match.index);
      if (token === undefined) continue; // a comment or white space
      if (token.type === 'RegularExpression') {
        ESCAPE.lastIndex = token.range[1];
        continue;
      }
      if (match[0] === '&#' && token.type !== 'JSXText') continue;
    }
    const replacement = decodeEscape(text, match.index, match[0]);
    if (replacement) {
      found.push(replacement);
      ESCAPE.lastIndex = replacement.end;
    }
  }
  return found;
}

/** A numeric character reference after its `&#`: `&#115;`, `&#x73;`. */
const CHARACTER_REFERENCE = /(?:([0-9]+)|[xX]([0-9a-fA-F]+));/y;

/** What the ESCAPE `escape` at `start` spells, lower-casing the two characters that lower-case to ASCII letters. */
function decodeEscape(text: string, start: number, escape: string): Replacement | undefined {
  const end = start + escape.length;
  if (escape === '&#') {
    CHARACTER_REFERENCE.lastIndex = end;
    const reference = CHARACTER_REFERENCE.exec(text);
    if (!reference) return undefined;
    const code = reference[1] === undefined ? parseInt(reference[2], 16) : parseInt(reference[1], 10);
    return { start, end: CHARACTER_REFERENCE.lastIndex, to: code <= 0x10ffff ? foldToAscii(String.fromCodePoint(code)) : '' };
  }
  if (escape === '\u0130' || escape === '\u212A') return { start, end, to: foldToAscii(escape) };
  const kind = escape[1];
  // A line continuation spells nothing, and `\<CR><LF>` continues over both characters.
  if (kind === '\r') return { start, end: text[end] === '\n' ? end + 1 : end, to: '' };
  if (kind === '\n' || kind === '\u2028' || kind === '\u2029') return { start, end, to: '' };
  if (kind === 'x') return { start, end, to: String.fromCharCode(parseInt(escape.slice(2), 16)) };
  if (kind === 'u') {
    const hex = escape[2] === '{' ? escape.slice(3, -1) : escape.slice(2);
    return { start, end, to: foldToAscii(String.fromCodePoint(parseInt(hex, 16))) };
  }
  if (kind >= '0' && kind <= '7') return { start, end, to: String.fromCharCode(parseInt(escape.slice(1), 8)) };
  return { start, end, to: kind }; // an identity escape: `\s` is `s`
}

/** The Kelvin sign and dotted capital I as the ASCII letters nameWords() would see in their lower case. */
function foldToAscii(char: string): string {
  if (char === '\u212A') return 'k';
  if (char === '\u0130') return 'i';
  return char;
}

/**
 * The text with `replacements` (in order, outside comments) applied, and the comments' ranges in it. Gates read this
 * text: `'pa\ss'` is `'pass'` to them, as it is to a rule.
 */
function decodedText(text: string, comments: readonly Token[], replacements: readonly Replacement[]): { text: string; comments: Token[] } {
  const pieces: string[] = [];
  const moved: Token[] = [];
  let from = 0;
  let shift = 0;
  let next = 0;
  for (const replacement of replacements) {
    for (; next < comments.length && comments[next].range[0] < replacement.start; next++) {
      const [start, end] = comments[next].range;
      moved.push({ type: comments[next].type, range: [start - shift, end - shift] });
    }
    pieces.push(text.slice(from, replacement.start), replacement.to);
    shift += replacement.end - replacement.start - replacement.to.length;
    from = replacement.end;
  }
  for (; next < comments.length; next++) {
    const [start, end] = comments[next].range;
    moved.push({ type: comments[next].type, range: [start - shift, end - shift] });
  }
  pieces.push(text.slice(from));
  return { text: pieces.join(''), comments: moved };
}

/** The token whose range holds `index` (tokens are sorted and do not overlap). */
function tokenAt(tokens: readonly Token[], index: number): Token | undefined {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const token = tokens[middle];
    if (index < token.range[0]) high = middle - 1;
    else if (index >= token.range[1]) low = middle + 1;
    else return token;
  }
  return undefined;
}

/** Every word a gate asks about, registered when the gate is built (anyWord) or first asked (has), in order. */
const registered = new Map<string, number>();
/** The scanner for the registered words, rebuilt when a word is registered. */
let scanner: WordScanner | undefined;

/** The registered (scannable) word's index in every file's scan result, registering it if needed. */
function slotOf(word: string): number {
  let slot = registered.get(word);
  if (slot === undefined) {
    slot = registered.size;
    registered.set(word, slot);
    scanner = undefined;
  }
  return slot;
}

function currentScanner(): WordScanner {
  scanner ??= new WordScanner([...registered.keys()]);
  return scanner;
}

/** The file's code as gates read it: comments hold nothing a rule reports, so only the text between them is scanned. */
interface Code {
  tokens: readonly Token[];
  comments?: readonly Token[];
}

/** The two characters that lower-case to ASCII letters; only looked for when the scan saw a non-ASCII character. */
const FOLDS_TO_ASCII = /[\u0130\u212A]/;

/** What the gates know about one file's text. */
export class SourceText {
  /** The file's text, with the ESCAPEs outside comments and regular expressions decoded. */
  readonly text: string;
  #comments: readonly Token[];
  #answers: Map<string, boolean> | undefined;
  /** One flag per registered word, from the scan with #scannedWith. */
  #found: number[] | undefined;
  #scannedWith: WordScanner | undefined;
  /** The scanned code has a character outside ASCII. */
  #nonAscii = false;

  /** Without the file's tokens, every ESCAPE counts, wherever it is, and comments are scanned like code. */
  constructor(text: string, code?: Code) {
    this.text = text;
    this.#comments = code?.comments ?? [];
    // Decided now (the scan runs now; every gate needs it anyway) so that the tokens are not kept. Most files have no
    // backslash, `&#` or non-ASCII character in their code, and are spared the ESCAPE regex.
    const escapes = ESCAPE_START(this) || (this.#nonAscii && FOLDS_TO_ASCII.test(text)) ? spellingEscapes(text, code?.tokens) : [];
    if (escapes.length > 0) {
      const decoded = decodedText(text, this.#comments, escapes);
      this.text = decoded.text;
      this.#comments = decoded.comments;
      this.#scannedWith = undefined; // read the decoded text again
    }
  }

  /**
   * Whether the code (the text outside comments) contains `word` (lower case) in any ASCII case. A word no gate
   * registered is registered now; a word with other characters is looked for in the whole lower-cased text.
   */
  has(word: string): boolean {
    const slot = registered.get(word);
    if (slot !== undefined) return this.hasSlot(slot);
    if (!isScannable(word)) return this.remember(`\0text ${word}`, () => this.text.toLowerCase().includes(word));
    return this.hasSlot(slotOf(word));
  }

  /** has() for a word already registered, by its slot: gates look their words' slots up once, not per file. */
  hasSlot(slot: number): boolean {
    const current = currentScanner();
    if (this.#scannedWith !== current) {
      this.#found = this.#scan(current);
      this.#scannedWith = current;
    }
    return (this.#found as number[])[slot] === 1;
  }

  #scan(words: WordScanner): number[] {
    const found = new Array<number>(words.words.length).fill(0);
    let from = 0;
    let nonAscii = false;
    for (const comment of this.#comments) {
      if (words.scanInto(this.text, from, comment.range[0], found)) nonAscii = true;
      from = comment.range[1];
    }
    if (words.scanInto(this.text, from, this.text.length, found)) nonAscii = true;
    this.#nonAscii = nonAscii;
    return found;
  }

  /** `test`'s answer, computed once per file under `key`. */
  remember(key: string, test: () => boolean): boolean {
    this.#answers ??= new Map();
    let answer = this.#answers.get(key);
    if (answer === undefined) {
      answer = test();
      this.#answers.set(key, answer);
    }
    return answer;
  }
}

/**
 * Keyed weakly by the file's SourceCode, so nothing outlives the file's lint. Two cheaper-looking designs failed: a
 * slot holding the last file keeps its AST alive into the next file, and a slot holding a WeakRef to it ran the lint
 * benchmark out of memory: every deref() keeps its target alive until the current job ends, and a loop of awaited
 * lintText() calls is one job, so every file's AST stayed.
 */
const sourceTexts = new WeakMap<object, SourceText>();

/** The file's SourceText, computed by the first rule that asks. */
export function sourceTextOf(context: Context): SourceText {
  const { sourceCode } = context;
  let source = sourceTexts.get(sourceCode);
  if (source === undefined) {
    source = new SourceText(sourceCode.text, sourceCode.ast);
    sourceTexts.set(sourceCode, source);
  }
  return source;
}

/** A test of a file's text; gates are built once at module load. */
export type TextGate = (source: SourceText) => boolean;

/**
 * True when the text contains any of `words` (lower case). A word containing another listed word is dropped: the
 * shorter one already finds it (`getsecret` next to `secret`).
 */
export function anyWord(words: readonly string[]): TextGate {
  const needed = [...new Set(words)].filter((word, _, all) => !all.some((other) => other !== word && word.includes(other)));
  const slots = needed.filter(isScannable).map(slotOf);
  const others = needed.filter((word) => !isScannable(word));
  return (source) => {
    for (const slot of slots) if (source.hasSlot(slot)) return true;
    return others.some((word) => source.has(word));
  };
}

/**
 * What every ESCAPE starts with, in the code the scan reads: the escape regex only runs on files with one in their
 * code (456 of the 3,952 bench corpus files).
 */
const ESCAPE_START = anyWord(['\\', '&#']);

/** True when the file's source text, its escapes decoded, passes `gate`. */
export function sourceMentions(context: Context, gate: TextGate): boolean {
  return gate(sourceTextOf(context));
}

/**
 * First words of the CREDENTIAL_PAIRS that end in `key` (apiKey, private_key, SIGNING-KEY...), except those a stem
 * already finds (`secret key`).
 */
const KEY_QUALIFIERS = [...CREDENTIAL_PAIRS]
  .map((pair) => pair.split(' '))
  .filter(([first, last]) => last === 'key' && !CREDENTIAL_STEMS.some((stem) => first.includes(stem)))
  .map(([first]) => first);

/**
 * `key` preceded, across `_`, `-`, `.` and white space, by one of KEY_QUALIFIERS. Written as `key` and a lookbehind:
 * the regex engine can then skip ahead to each `key` (4x faster over the corpus than starting from the qualifiers).
 */
const QUALIFIED_KEY = new RegExp(`key(?<=(?:${KEY_QUALIFIERS.join('|')})[\\s_.-]*key)`, 'i');
const KEY = anyWord(['key']);
function hasQualifiedKey(source: SourceText): boolean {
  return KEY(source) && source.remember('\0qualified key', () => QUALIFIED_KEY.test(source.text));
}

/** Text every credential name has: a credential word, or a qualified key. */
const CREDENTIAL_WORD = anyWord(CREDENTIAL_STEMS);
export const CREDENTIAL_TEXT: TextGate = (source) => CREDENTIAL_WORD(source) || hasQualifiedKey(source);

/**
 * Text that every secret findSecrets (secret-expression.ts) can find needs: an env object is reached through an `env`
 * key, a Vault login through a `*Login` callee or an `auth/…/login` path, and a credential-named value has a
 * credential word.
 */
const ENV_OR_LOGIN = anyWord(['env', 'login']);
export const SECRET_TEXT: TextGate = (source) => ENV_OR_LOGIN(source) || CREDENTIAL_TEXT(source);
