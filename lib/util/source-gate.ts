// A cheap test of a file's raw source text, run once in a rule's create(): when the text a finding needs cannot be
// in the file, the rule registers no listeners, so ESLint does not dispatch it on every node of that file.
//
// Gates look for lower-case words with String#includes in a lower-cased copy of the text, made once per file and
// shared by every rule. Case-insensitive alternation regexes over the whole text were the plugin's single largest
// cost in bench/lint.bench.ts's profile (about half of our rules' own time): V8 scans those character by character,
// while includes() of a fixed string is a fast native search.
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
export interface SourceText {
  /** The raw text. */
  text: string;
  /** The text lower-cased the way nameWords() lower-cases names (the Kelvin sign becomes `k`). */
  lower: string;
  /** The text has an escape that could spell letters it does not contain (see LETTER_ESCAPE). */
  escapes: boolean;
}

// ESLint lints one file at a time and every rule's create() runs before the traversal, so one slot is enough.
let last: SourceText | undefined;

/** The file's SourceText, computed by the first rule that asks. */
export function sourceTextOf(context: Context): SourceText {
  const text = context.sourceCode.text;
  if (last?.text !== text) last = { text, lower: text.toLowerCase(), escapes: LETTER_ESCAPE.test(text) };
  return last;
}

/** A test of lower-cased source text; gates are built once at module load. */
export type TextGate = (lower: string) => boolean;

/** True when the lower-cased text contains any of `words` (given in lower case). */
export function anyWord(words: readonly string[]): TextGate {
  return (lower) => {
    for (const word of words) if (lower.includes(word)) return true;
    return false;
  };
}

/** True when the file's source text may pass `gate`: it does literally, or escapes could hide a spelling it needs. */
export function sourceMentions(context: Context, gate: TextGate): boolean {
  const source = sourceTextOf(context);
  return source.escapes || gate(source.lower);
}

/** Single credential words (secret-names' CREDENTIAL_NOUNS all contain one; so do getters such as getDbPassword). */
const CREDENTIAL_STEM = anyWord(['pass', 'pwd', 'secret', 'token', 'cred']);

/** First words of CREDENTIAL_PAIRS ending in `key` (apiKey, private_key, SIGNING-KEY...). */
const KEY_QUALIFIERS = ['api', 'private', 'access', 'signing', 'encryption', 'master', 'auth', 'session'];

/** `key` preceded, across `_`, `-`, `.` and white space, by one of KEY_QUALIFIERS. */
function hasQualifiedKey(lower: string): boolean {
  for (let at = lower.indexOf('key'); at >= 0; at = lower.indexOf('key', at + 3)) {
    let end = at;
    while (end > 0 && /[\s_.-]/.test(lower[end - 1])) end--;
    const before = lower.slice(Math.max(0, end - 10), end);
    if (KEY_QUALIFIERS.some((word) => before.endsWith(word))) return true;
  }
  return false;
}

/** Text every credential name has: a credential word, or a qualified key. */
export const CREDENTIAL_TEXT: TextGate = (lower) => CREDENTIAL_STEM(lower) || hasQualifiedKey(lower);

/**
 * Text that every secret findSecrets (secret-expression.ts) can find needs: an env object is reached through an `env`
 * key, a Vault login through a `*Login` callee or an `auth/…/login` path, and a credential-named value has a
 * credential word.
 */
const ENV_OR_LOGIN = anyWord(['env', 'login']);
export const SECRET_TEXT: TextGate = (lower) => ENV_OR_LOGIN(lower) || CREDENTIAL_TEXT(lower);
