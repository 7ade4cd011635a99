// A cheap test of a file's raw source text, run once in a rule's create(): when the text a finding needs cannot be
// in the file, the rule registers no listeners, so ESLint does not dispatch it on every node of that file.
//
// Gates look for lower-case words with String#includes in a lower-cased copy of the text, made once per file and
// shared by every rule, and each word's answer is remembered for the file. Case-insensitive alternation regexes over
// the whole text, one per rule, were the plugin's single largest cost in bench/lint.bench.ts's profile: V8 runs
// those character by character, while includes() of a fixed string is a fast native search (~2 GB/s here). A scan
// is still a pass over the whole text, so gates share words where they can (every default fetcher name contains
// `secret`, for instance).
import type { TSESLint } from '@typescript-eslint/utils';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * Escapes that let a name or string spell letters the raw text does not contain: `\u0072ejectUnauthorized` (also
 * valid in identifiers), `\x73slmode`, legacy octal `\163`, a backslash-newline continuation inside a string, and
 * numeric character references (`&#115;`), which JSX attribute strings decode.
 * A file with any of them is never skipped, so a gate only ever has to match the literal spelling.
 */
const LETTER_ESCAPE = /\\(?:[ux0-7]|\r|\n|\u2028|\u2029)|&#/;

/** What the gates know about one file's text. */
export class SourceText {
  /** The text lower-cased the way nameWords() lower-cases names (the Kelvin sign becomes `k`). */
  readonly lower: string;
  /** The text has an escape that could spell letters it does not contain (see LETTER_ESCAPE). */
  readonly escapes: boolean;
  readonly #words = new Map<string, boolean>();

  constructor(readonly text: string) {
    this.lower = text.toLowerCase();
    this.escapes = LETTER_ESCAPE.test(text);
  }

  /** Whether the lower-cased text contains `word` (given in lower case); each word is searched once per file. */
  has(word: string): boolean {
    return this.remember(word, () => this.lower.includes(word));
  }

  /** `test`'s answer, computed once per file under `key`. */
  remember(key: string, test: () => boolean): boolean {
    let found = this.#words.get(key);
    if (found === undefined) {
      found = test();
      this.#words.set(key, found);
    }
    return found;
  }
}

// ESLint lints one file at a time and every rule's create() runs before the traversal, so one slot is enough.
let last: SourceText | undefined;

/** The file's SourceText, computed by the first rule that asks. */
export function sourceTextOf(context: Context): SourceText {
  const text = context.sourceCode.text;
  if (last?.text !== text) last = new SourceText(text);
  return last;
}

/** A test of a file's text; gates are built once at module load. */
export type TextGate = (source: SourceText) => boolean;

/**
 * True when the text contains any of `words` (lower case). A word containing another listed word is dropped: the
 * shorter one already finds it (`getsecret` next to `secret`).
 */
export function anyWord(words: readonly string[]): TextGate {
  const needed = [...new Set(words)].filter((word, _, all) => !all.some((other) => other !== word && word.includes(other)));
  return (source) => needed.some((word) => source.has(word));
}

/** True when the file's source text may pass `gate`: it does literally, or escapes could hide a spelling it needs. */
export function sourceMentions(context: Context, gate: TextGate): boolean {
  const source = sourceTextOf(context);
  return source.escapes || gate(source);
}

/** Single credential words: secret-names' CREDENTIAL_NOUNS all contain one, and so do getters like getDbPassword. */
export const CREDENTIAL_WORDS = ['pass', 'pwd', 'secret', 'token', 'cred'];

/** First words of CREDENTIAL_PAIRS ending in `key` (apiKey, private_key, SIGNING-KEY...). */
const KEY_QUALIFIERS = ['api', 'private', 'access', 'signing', 'encryption', 'master', 'auth', 'session'];

/** `key` preceded, across `_`, `-`, `.` and white space, by one of KEY_QUALIFIERS. */
export function hasQualifiedKey(source: SourceText): boolean {
  return source.has('key') && source.remember('\0qualified key', () => qualifiedKeyIn(source.lower));
}

function qualifiedKeyIn(lower: string): boolean {
  for (let at = lower.indexOf('key'); at >= 0; at = lower.indexOf('key', at + 3)) {
    let end = at;
    while (end > 0 && /[\s_.-]/.test(lower[end - 1])) end--;
    const before = lower.slice(Math.max(0, end - 10), end);
    if (KEY_QUALIFIERS.some((word) => before.endsWith(word))) return true;
  }
  return false;
}

/** Text every credential name has: a credential word, or a qualified key. */
const CREDENTIAL_WORD = anyWord(CREDENTIAL_WORDS);
export const CREDENTIAL_TEXT: TextGate = (source) => CREDENTIAL_WORD(source) || hasQualifiedKey(source);

/**
 * Text that every secret findSecrets (secret-expression.ts) can find needs: an env object is reached through an `env`
 * key, a Vault login through a `*Login` callee or an `auth/…/login` path, and a credential-named value has a
 * credential word.
 */
const ENV_OR_LOGIN = anyWord(['env', 'login']);
export const SECRET_TEXT: TextGate = (source) => ENV_OR_LOGIN(source) || CREDENTIAL_TEXT(source);
