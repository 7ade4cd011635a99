// A cheap test of a file's raw source text, run once in a rule's create(): when the text a finding needs cannot be
// in the file, the rule registers no listeners, so ESLint does not dispatch it on every node of that file.
import type { TSESLint } from '@typescript-eslint/utils';

/**
 * Escapes that let a name or string spell letters the raw text does not contain: `\u0072ejectUnauthorized` (also
 * valid in identifiers), `\x73slmode`, legacy octal `\163`, a backslash-newline continuation inside a string, and
 * numeric character references (`&#115;`), which JSX attribute strings decode.
 * A file with any of them is never skipped, so a gate only ever has to match the literal spelling.
 */
const LETTER_ESCAPE = /\\(?:[ux0-7]|\r|\n|\u2028|\u2029)|&#/;

/** True when the file's source text may hold `pattern`: it matches literally, or escapes could hide a spelling of it. */
export function sourceMentions(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, pattern: RegExp): boolean {
  const text = context.sourceCode.text;
  return pattern.test(text) || LETTER_ESCAPE.test(text);
}

/**
 * Words every credential name has (secret-names' CREDENTIAL_NOUNS and CREDENTIAL_PAIRS, so also getters such as
 * getToken / getDbPassword). `u` makes `i` fold the way nameWords' toLowerCase does (the Kelvin sign is a `k`).
 */
const CREDENTIAL_WORDS = 'pass|pwd|secret|token|cred|(?:api|private|access|signing|encryption|master|auth|session)[\\s_.-]*key';

/**
 * Text that every secret findSecrets (secret-expression.ts) can find needs: an env object is reached through an `env`
 * key, a Vault login through a `*Login` callee or an `auth/…/login` path, and a credential-named value has a
 * credential word.
 */
export const SECRET_TEXT = new RegExp(`env|login|${CREDENTIAL_WORDS}`, 'iu');

/** Credential words only: what a credential-named getter or binding needs. */
export const CREDENTIAL_TEXT = new RegExp(CREDENTIAL_WORDS, 'iu');

/** `name` as a regular expression source that matches it literally. */
export function escapeRegExp(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
