// The source gate of the log rule must accept every name the secret finder can report: a name it missed would be a
// finding silently skipped. Each name is spelled the ways code writes it, and must really be a credential name.
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { DB_PASS_NAME_IN_TEXT, isDbPasswordEnvName } from '../../../lib/util/db-clients.js';
import { isCredentialGetterName, mentionsCredentialGetter } from '../../../lib/util/secret-fetchers.js';
import { CREDENTIAL_NOUNS, CREDENTIAL_PAIRS, isCredentialName, isSecretEnvName } from '../../../lib/util/secret-names.js';
import { anyWord, CREDENTIAL_TEXT, SECRET_TEXT, SourceText, sourceMentions, sourceTextOf } from '../../../lib/util/source-gate.js';

// Read from secret-names itself: a noun added there and missing from the gate fails here.
const NOUNS = [...CREDENTIAL_NOUNS];
const PAIRS = [...CREDENTIAL_PAIRS].map((pair) => pair.split(' '));
const cap = (word: string): string => word[0].toUpperCase() + word.slice(1);
const secretText = (text: string): boolean => SECRET_TEXT(new SourceText(text));

/** A rule context with ESLint's own parse of the text (a sloppy script, with JSX): the escape check reads its tokens. */
const linter = new Linter();
const contextFor = (text: string) => {
  const messages = linter.verify(text, { languageOptions: { sourceType: 'script', parserOptions: { ecmaFeatures: { jsx: true } } } });
  expect(messages).toEqual([]);
  return { sourceCode: linter.getSourceCode() } as unknown as Parameters<typeof sourceMentions>[0];
};

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
    expect(secretText(name)).toBe(true);
  });

  it('lets in names that only lower-case to a credential word (Kelvin sign K in toKen): gates read it as k', () => {
    const name = 'to\u212Aen';
    expect(isCredentialName(name)).toBe(true);
    expect(secretText(name)).toBe(true);
    expect(sourceMentions(contextFor(`log(${name})`), SECRET_TEXT)).toBe(true);
    expect(sourceMentions(contextFor('log(to\u212Aen)'.replace('\u212Aen', '\u212Aan')), SECRET_TEXT)).toBe(false);
  });

  it('matches the well-known secret env names (read through an env object, so `env` is in the file too)', () => {
    for (const name of ['PGPASSWORD', 'GITHUB_PAT', 'AWS_SECRET_ACCESS_KEY', 'NPM_AUTH_TOKEN']) {
      expect(isSecretEnvName(name)).toBe(true);
      expect(secretText(`process.env.${name}`)).toBe(true);
    }
  });

  it('does not match code that holds no secret words', () => {
    expect(secretText("export function add(a, b) { console.log('sum', a + b); return a + b; }")).toBe(false);
  });
});

describe('CREDENTIAL_TEXT', () => {
  it.each(['signing key', 'PRIVATE__KEY', 'api.key', 'Session-Key', 'encryptionKey'])('matches the qualified key %s', (text) => {
    expect(CREDENTIAL_TEXT(new SourceText(text))).toBe(true);
  });

  it.each(['Object.keys(map)', 'type K = keyof T', 'monkey', 'apiVersion, key'])('does not match the plain key in %s', (text) => {
    expect(CREDENTIAL_TEXT(new SourceText(text))).toBe(false);
  });
});

describe('sourceMentions', () => {
  const rejectText = anyWord(['rejectunauthorized']);

  it('matches any case of the word, because the scan folds ASCII case', () => {
    expect(sourceMentions(contextFor('const o = { REJECTUNAUTHORIZED: 1 }'), rejectText)).toBe(true);
    expect(sourceMentions(contextFor('const o = { verify: 1 }'), rejectText)).toBe(false);
  });

  it.each([
    ['a \\u escape in a name', 'const o = { \\u0072ejectUnauthorized: false }'],
    ['a \\u{} escape in a name', 'const o = { \\u{72}ejectUnauthorized: false }'],
    ['a \\x escape in a string', "const o = { ['\\x72ejectUnauthorized']: false }"],
    ['an octal escape', "const o = { ['\\162ejectUnauthorized']: false }"],
    ['an identity escape', "const o = { ['re\\ject\\Unauthorized']: false }"],
    ['a line continuation', "const o = { ['reject\\\nUnauthorized']: false }"],
    ['an escape in a template', 'const o = { [`\\x72ejectUnauthorized`]: false }'],
    ['a JSX character reference', 'const t = <Tls>reject&#85;nauthorized</Tls>'],
  ])('never skips a file with %s', (_, text) => {
    expect(sourceMentions(contextFor(text), rejectText)).toBe(true);
  });

  it.each([
    ['an escaped Kelvin sign, which lower-cases to k', "const o = { ['api\\u212Aey']: 1 }", 'apikey'],
    ['a Kelvin sign, which lower-cases to k', "const o = { ['api\u212Aey']: 1 }", 'apikey'],
    ['a dotted capital I, which lower-cases to i and a combining dot', 'const cl\u0130ent = 1', 'client'],
  ])('reads %s as that ASCII letter', (_, text, word) => {
    expect(sourceMentions(contextFor(text), anyWord([word]))).toBe(true);
  });

  it('keeps skipping comments after the escapes before them are decoded', () => {
    const text = "const a = '\\x72\\x65ject'; /* password */ const b = { apikey: 1 } // token\nconst c = 'pa\\\r\nss'";
    expect(sourceMentions(contextFor(text), anyWord(['password']))).toBe(false);
    expect(sourceMentions(contextFor(text), anyWord(['token']))).toBe(false);
    expect(sourceMentions(contextFor(text), anyWord(['apikey']))).toBe(true);
    expect(sourceMentions(contextFor(text), anyWord(['reject']))).toBe(true);
    expect(sourceMentions(contextFor(text), anyWord(['pass']))).toBe(true);
  });

  it.each([
    ['a decoded escape that spells another word', "const o = { ['\\x72eject']: 1, unauthorized: 2 }"],
    ['an escaped Kelvin sign that spells key', "const o = { ['\\u212Aey']: 1 }"],
  ])('reads escapes as what they spell, not as a pass for every gate: %s', (_, text) => {
    expect(sourceMentions(contextFor(text), rejectText)).toBe(false);
  });

  it.each([
    ['an escape in a comment', '// \\u0072ejectUnauthorized\nconst o = {}'],
    ['an escape in a regular expression', 'const r = /\\u0072ejectUnauthorized\\s+/'],
    ['control and non-ASCII escapes', "const s = '\\x1b[31m\\u00A0\\uD83D\\n\\t\\0'"],
    ['an escaped backslash', "const s = '\\\\u0072ejectUnauthorized'"],
    ['escaped quotes', "const s = 'it\\'s \\\"quoted\\\"'"],
    ['a character reference outside JSX', "const s = '&#85;'"],
    ['a Kelvin sign in a comment', '// \u212A\nconst o = {}'],
    ['other non-ASCII letters in the code, and a backslash only in a comment', "// \\u0072\nconst caf\u00E9 = 'd\u00E9j\u00E0'"],
  ])('skips a file whose only escapes spell nothing: %s', (_, text) => {
    expect(sourceMentions(contextFor(text), rejectText)).toBe(false);
  });

  it('never skips a file whose octal escape with a leading zero spells punctuation a gate word has', () => {
    expect(sourceMentions(contextFor("const t = 'hvs\\056abc'"), anyWord(['hvs.']))).toBe(true);
  });

  it('decodes every escape when it has no tokens to tell where one is', () => {
    expect(new SourceText('// \\u0072').text).toBe('// r');
    expect(new SourceText("const a = 'pa\\ss' // \\\\u0072").text).toBe("const a = 'pass' // \\\\u0072");
    expect(new SourceText('const a = 1').text).toBe('const a = 1');
  });

  it('keeps one SourceText per file and reads each new file afresh', () => {
    const context = contextFor('rejectUnauthorized');
    expect(sourceTextOf(context)).toBe(sourceTextOf(context));
    expect(sourceMentions(context, rejectText)).toBe(true);
    expect(sourceMentions(contextFor('nothing = here'), rejectText)).toBe(false);
  });

  it('reads code, not comments: no rule reports what a comment says', () => {
    expect(sourceMentions(contextFor('// rejectUnauthorized\nconst o = { /* rejectUnauthorized */ } /* rejectUnauthorized */'), rejectText)).toBe(false);
    expect(sourceMentions(contextFor('/* a */ const o = { rejectUnauthorized } // b'), rejectText)).toBe(true);
    expect(sourceMentions(contextFor('const s = `// ${x} rejectUnauthorized`'), rejectText)).toBe(true);
    expect(sourceMentions(contextFor("const s = '/* rejectUnauthorized */'"), rejectText)).toBe(true);
  });

  it('reads comments too when it has no tokens to tell where they are', () => {
    expect(rejectText(new SourceText('// rejectUnauthorized'))).toBe(true);
  });

  it('drops listed words that contain another listed word, and still finds them', () => {
    const source = new SourceText('await getSecret("db")');
    expect(anyWord(['getsecret', 'secret', 'fetchsecret'])(source)).toBe(true);
    expect(anyWord(['getsecret', 'secret'])(new SourceText('const getsecre = 1'))).toBe(false);
  });
});

describe('SourceText word scan', () => {
  it('finds words that overlap or contain one another in a single scan', () => {
    for (const word of ['pass', 'ssl', 'sslmode', 'mode', 'password']) anyWord([word]); // all five registered before the scan
    const source = new SourceText('const x = "PASSLmode"; // password');
    expect(['pass', 'ssl', 'sslmode', 'mode', 'password'].map((word) => source.has(word))).toEqual([true, true, true, true, true]);
    expect(new SourceText('PASSL').has('sslmode')).toBe(false);
  });

  it('answers words registered after the file was scanned, and words never registered', () => {
    const source = new SourceText('const unusualWordForThisTest = 1;');
    expect(source.has('pass')).toBe(false);
    anyWord(['unusualwordforthistest']); // registers a word after the file was scanned
    expect(source.has('unusualwordforthistest')).toBe(true);
    expect(source.has('neverregistered')).toBe(false);
    expect(source.has('const unusual')).toBe(true);
  });
});

describe('mentionsCredentialGetter (the credential-getter part of the no-module-scope-secret gate)', () => {
  const VERBS = ['get', 'fetch', 'read', 'load', 'resolve', 'retrieve', 'lookup', 'request', 'obtain', 'acquire'];
  const getters = VERBS.flatMap((verb) =>
    [...NOUNS.map((noun) => [noun]), ...PAIRS].flatMap((words) => [
      verb + words.map(cap).join(''), // getApiKey
      [verb, ...words].join('_'), // get_api_key
      [verb, ...words].join('_').toUpperCase(), // GET_API_KEY
    ]),
  );
  const credentialGetters = getters.filter((name) => isCredentialGetterName(name));

  it('covers enough getter spellings to mean something', () => {
    expect(credentialGetters.length).toBeGreaterThan(300);
  });

  it('finds every name isCredentialGetterName accepts, as source text', () => {
    const missed = credentialGetters.filter((name) => !mentionsCredentialGetter(`const value = await ${name}();`));
    expect(missed).toEqual([]);
  });

  it('takes a noun right after the verb: getPassword(), getToken(), the documented loadCredentials()', () => {
    // Until 2026-11-26 a character between verb and noun was required, and these were never reported.
    for (const name of ['getPassword', 'getToken', 'fetchToken', 'loadCredentials', 'GET_PASSWORD', '_getToken', 'getCreds']) {
      expect(isCredentialGetterName(name), name).toBe(true);
      expect(mentionsCredentialGetter(`const value = await ${name}();`), name).toBe(true);
    }
  });

  it('finds a getter named in the string of a computed member, kebab-case too', () => {
    expect(mentionsCredentialGetter("await vault['readDbPassword']()")).toBe(true);
    expect(mentionsCredentialGetter("await vault['get-db-password']()")).toBe(true);
    expect(mentionsCredentialGetter('const x = getDbPassword-1;')).toBe(true);
  });

  it('judges each name as the rule does: ESLint-style token getters and later words of a name do not count', () => {
    for (const text of ['sourceCode.getTokenBefore(node)', 'sourceCode.getTokenAfter(node)', 'forgetToken()', '$getToken()', 'readTokenCount()', 'getKeys(obj)']) {
      expect(mentionsCredentialGetter(text), text).toBe(false);
    }
  });

  it('does not match token-handling code without a getter (the parsers that made a bare `token` gate let them in)', () => {
    for (const text of ['const token = this.nextToken();', 'tokenize(source)', 'if (token.type === "key") getValue(token)']) {
      expect(mentionsCredentialGetter(text)).toBe(false);
    }
  });
});

describe('DB_PASS_NAME_IN_TEXT (the `pass` part of the no-static-db-credentials gate)', () => {
  const DB = ['database', 'db', 'pg', 'postgres', 'postgresql', 'psql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'sql', 'mssql', 'sqlserver', 'rds', 'oracle', 'cockroach'];
  const names = DB.flatMap((db) =>
    ['', 'root', 'app'].flatMap((middle) =>
      ['password', 'passwd', 'pwd', 'pass'].flatMap((pw) => {
        const words = [db, middle, pw].filter(Boolean);
        return [words.join('_').toUpperCase(), words.join('_'), words[0] + words.slice(1).map(cap).join(''), words.join('-'), words.join('').toUpperCase()];
      }),
    ),
  );
  const accepted = [...names, 'PGPASSWORD', 'PGPASS', 'MYSQL_PWD', 'MONGO_INITDB_ROOT_PASSWORD'].filter((name) => isDbPasswordEnvName(name));
  const gatePasses = (text: string): boolean => /password|passwd|pwd/i.test(text) || DB_PASS_NAME_IN_TEXT.test(text);

  it('covers enough names to mean something', () => {
    expect(accepted.length).toBeGreaterThan(150);
  });

  it('lets in every name isDbPasswordEnvName accepts, read from the environment', () => {
    expect(accepted.filter((name) => !gatePasses(`const p = process.env.${name};`))).toEqual([]);
    expect(accepted.filter((name) => !gatePasses(`const p = process.env['${name}'];`))).toEqual([]);
  });

  it('does not match pass in words that are not a database password', () => {
    for (const text of ['if (passed) bypass(x)', 'compass.pass()', 'const dbPassive = 1', 'test.pass(', 'const passes = []']) {
      expect(DB_PASS_NAME_IN_TEXT.test(text)).toBe(false);
    }
  });
});

describe('words the scanner cannot fold', () => {
  it('answers a configured name with non-ASCII letters from the lower-cased text instead of failing', () => {
    const gate = anyWord(['lesegeheimnisä']);
    expect(gate(new SourceText("const s = await leseGeheimnisÄ('db');"))).toBe(true);
    expect(gate(new SourceText("const s = await leseGeheimnis('db');"))).toBe(false);
    expect(new SourceText('GRÜSSE').has('grüsse')).toBe(true);
  });
});
