import rule from '../../../lib/rules/require-tls-verification.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

type ReportId = 'rejectUnauthorized' | 'strictSsl' | 'checkServerIdentity' | 'nodeTlsRejectUnauthorized' | 'vaultSkipVerify' | 'insecureSslMode';
type SuggestionId = 'flipToTrue' | 'removeAssignment';

interface Case {
  code: string;
  messageId: ReportId;
  needle: string;
  data?: Record<string, string>;
  suggestion?: { messageId: SuggestionId; output: string };
  filename?: string;
  commonjs?: boolean;
}

function invalid(c: Case) {
  return {
    code: c.code,
    filename: c.filename ?? 'file.ts',
    ...(c.commonjs ? { languageOptions: commonjs } : {}),
    output: null,
    errors: [
      {
        messageId: c.messageId,
        ...(c.data ? { data: c.data } : {}),
        ...at(c.code, c.needle),
        suggestions: c.suggestion ? [c.suggestion] : [],
      },
    ],
  };
}

const EFFECT = {
  disable: 'sends the password and every query in clear text',
  noVerify: 'encrypts but accepts any certificate',
  prefer: 'falls back to clear text and, in libpq semantics (which node-postgres is moving to), does not verify the certificate',
  require: 'with `uselibpqcompat=true` encrypts but does not verify the certificate',
};

ruleTester.run('require-tls-verification', rule, {
  valid: [
    { code: "const pool = new Pool({ ssl: { rejectUnauthorized: true, ca: readFileSync('ca.pem', 'utf8') } });", filename: 'file.ts' },
    // Decided at run time: not a literal false.
    { code: "const agent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === 'production' });", filename: 'file.js' },
    // A destructuring default configures nothing by itself.
    { code: 'function connect({ rejectUnauthorized = false, host }) { return tls.connect({ host, rejectUnauthorized }); }', filename: 'file.js' },
    // Reading or deleting the variable, or setting it to anything but '0', leaves verification on.
    { code: "if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') warn('TLS verification is off');", filename: 'file.ts' },
    { code: 'delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;', filename: 'file.ts' },
    { code: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';", filename: 'file.cjs', languageOptions: commonjs },
    // Vault parses the value with strconv.ParseBool: these are false.
    { code: "process.env.VAULT_SKIP_VERIFY = 'false';", filename: 'file.ts' },
    { code: "spawn('vault', args, { env: { ...process.env, VAULT_SKIP_VERIFY: '0' } });", filename: 'file.ts' },
    // Verifying sslmodes, and `require` (node-postgres treats it as verify-full unless uselibpqcompat=true).
    { code: "const url = 'postgres://app@db.internal:5432/app?sslmode=verify-full&sslrootcert=/etc/ca.pem';", filename: 'file.ts' },
    { code: "const url = 'postgresql://app@db/app?sslmode=require';", filename: 'file.ts' },
    { code: 'const url = `${process.env.DATABASE_URL}?sslmode=verify-ca`;', filename: 'file.ts' },
    { code: "const doc = 'Never use sslmode=disable in production';", filename: 'file.ts' },
    // node-vault with verification on, and a real host name check.
    { code: "const vault = require('node-vault')({ requestOptions: { strictSSL: true } });", filename: 'file.cjs', languageOptions: commonjs },
    { code: 'const opts = { checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) };', filename: 'file.ts' },
    // Odd code: nothing to report, nothing to throw on.
    { code: 'const o = { [key]: false, ...rest, rejectUnauthorized };\na[b] = false;\n({ rejectUnauthorized } = opts);\nconst s = `${a}${b}`;', filename: 'file.ts' },
    // A TypeScript type that merely mentions the option.
    { code: 'interface TlsOptions { rejectUnauthorized: false | true }', filename: 'file.ts' },
    // Prose that quotes the setting sets nothing: an error message, a rule's own message text.
    { code: "throw new Error('NODE_TLS_REJECT_UNAUTHORIZED=0 turns off verification: refusing to start');", filename: 'file.ts' },
    { code: "const messages = { skip: 'VAULT_SKIP_VERIFY=true turns off verification of Vault\\'s certificate' };", filename: 'file.ts' },
  ],
  invalid: [
    // The source gate must not skip a file that spells the key with an escape (raw text lacks 'rejectUnauthorized').
    (() => {
      const code = "const agent = new https.Agent({ 'reject\\u0055nauthorized': false });";
      return invalid({
        code,
        messageId: 'rejectUnauthorized',
        needle: "'reject",
        suggestion: { messageId: 'flipToTrue', output: code.replace(': false', ': true') },
      });
    })(),
    (() => {
      const code = "import { Pool } from 'pg';\nconst pool = new Pool({ connectionString, ssl: { rejectUnauthorized: false } });";
      return invalid({
        code,
        messageId: 'rejectUnauthorized',
        needle: 'rejectUnauthorized',
        suggestion: { messageId: 'flipToTrue', output: code.replace('rejectUnauthorized: false', 'rejectUnauthorized: true') },
      });
    })(),
    (() => {
      const code = "const https = require('https');\nconst agent = new https.Agent({ 'rejectUnauthorized': false });";
      return invalid({
        code,
        messageId: 'rejectUnauthorized',
        needle: "'rejectUnauthorized'",
        filename: 'file.cjs',
        commonjs: true,
        suggestion: { messageId: 'flipToTrue', output: code.replace(': false', ': true') },
      });
    })(),
    (() => {
      const code = 'https.globalAgent.options.rejectUnauthorized = false as boolean;';
      return invalid({
        code,
        messageId: 'rejectUnauthorized',
        needle: 'https.globalAgent',
        suggestion: { messageId: 'flipToTrue', output: 'https.globalAgent.options.rejectUnauthorized = true;' },
      });
    })(),
    (() => {
      const code = "import vault from 'node-vault';\nconst client = vault({\n  endpoint: process.env.VAULT_ADDR,\n  requestOptions: { strictSSL: false },\n});";
      return invalid({
        code,
        messageId: 'strictSsl',
        needle: 'strictSSL',
        filename: 'file.mjs',
        suggestion: { messageId: 'flipToTrue', output: code.replace('strictSSL: false', 'strictSSL: true') },
      });
    })(),
    (() => {
      const code = "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nstartServer();";
      return invalid({
        code,
        messageId: 'nodeTlsRejectUnauthorized',
        needle: 'process.env',
        suggestion: { messageId: 'removeAssignment', output: '\nstartServer();' },
      });
    })(),
    (() => {
      const code = "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;";
      return invalid({
        code,
        messageId: 'nodeTlsRejectUnauthorized',
        needle: 'process',
        filename: 'file.cjs',
        commonjs: true,
        suggestion: { messageId: 'removeAssignment', output: '' },
      });
    })(),
    invalid({
      code: "execSync('NODE_TLS_REJECT_UNAUTHORIZED=0 node dist/server.js', { stdio: 'inherit' });",
      messageId: 'nodeTlsRejectUnauthorized',
      needle: "'NODE_TLS",
      filename: 'file.js',
    }),
    invalid({
      code: "const service = { image: 'mcp', command: 'VAULT_SKIP_VERIFY=true node server.js' };",
      messageId: 'vaultSkipVerify',
      data: { value: 'true' },
      needle: "'VAULT_SKIP",
      filename: 'file.ts',
    }),
    invalid({
      code: "execa('node', ['server.js'], { env: ['NODE_TLS_REJECT_UNAUTHORIZED=0'] });",
      messageId: 'nodeTlsRejectUnauthorized',
      needle: "'NODE_TLS",
      filename: 'file.ts',
    }),
    invalid({
      code: "spawn('vault', ['kv', 'get', path], { env: { ...process.env, VAULT_SKIP_VERIFY: 'true' } });",
      messageId: 'vaultSkipVerify',
      data: { value: 'true' },
      needle: 'VAULT_SKIP_VERIFY',
    }),
    (() => {
      const code = 'process.env.VAULT_SKIP_VERIFY = true;';
      return invalid({
        code,
        messageId: 'vaultSkipVerify',
        data: { value: 'true' },
        needle: 'process',
        suggestion: { messageId: 'removeAssignment', output: '' },
      });
    })(),
    invalid({
      code: "const pool = new Pool({ connectionString: 'postgres://app@db.internal:5432/app?sslmode=disable' });",
      messageId: 'insecureSslMode',
      data: { mode: 'disable', effect: EFFECT.disable },
      needle: "'postgres",
    }),
    invalid({
      code: 'const pool = new Pool({ connectionString: `${process.env.DATABASE_URL}?sslmode=no-verify` });',
      messageId: 'insecureSslMode',
      data: { mode: 'no-verify', effect: EFFECT.noVerify },
      needle: '`${',
      filename: 'file.js',
    }),
    invalid({
      code: 'const dsn = `postgresql://${user}@${host}:5432/${db}?application_name=mcp&sslmode=prefer`;',
      messageId: 'insecureSslMode',
      data: { mode: 'prefer', effect: EFFECT.prefer },
      needle: '`postgresql',
    }),
    invalid({
      code: "const conninfo = 'host=db.internal dbname=app user=app sslmode=disable';",
      messageId: 'insecureSslMode',
      data: { mode: 'disable', effect: EFFECT.disable },
      needle: "'host",
    }),
    invalid({
      code: "const url = 'postgres://app@db/app?uselibpqcompat=true&sslmode=require';",
      messageId: 'insecureSslMode',
      data: { mode: 'require', effect: EFFECT.require },
      needle: "'postgres",
    }),
    invalid({
      code: 'const socket = tls.connect({ host, port, checkServerIdentity: () => undefined });',
      messageId: 'checkServerIdentity',
      needle: 'checkServerIdentity',
    }),
    (() => {
      const code = 'const client = new Client({ ssl: { rejectUnauthorized: !1 } satisfies ConnectionOptions });';
      return invalid({
        code,
        messageId: 'rejectUnauthorized',
        needle: 'rejectUnauthorized',
        suggestion: { messageId: 'flipToTrue', output: code.replace('!1', 'true') },
      });
    })(),
  ],
});
