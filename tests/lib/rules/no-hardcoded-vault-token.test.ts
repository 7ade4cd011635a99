import rule from '../../../lib/rules/no-hardcoded-vault-token.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

// Token-shaped test values: the shapes and lengths Vault issues, never real tokens.
const HVS = `hvs.${'CAESIKN9xq3Lm7Tz0bWf-Yp2Rd5Hg8Uv'.repeat(3)}`; // 96 characters after the prefix
const HVB = `hvb.${'AAAAAQKm3x9Lq2Zr7Tb4Wn8Vc1Yd5Hf0Gj6'.repeat(4)}`; // 140 characters after the prefix
const HVR = `hvr.${'Q7mZt2Kx9Lb4Wn8Vc1Yd5Hf0Gj6Rp3Sa'.repeat(3)}`;
const LEGACY = 's.Xh3kQ9zLm2Rt7Vb4Np8Wc1Yd'; // s. + 24 alphanumerics
const ROOT = 'hvs.Qm7Zt2Kx9Lb4Wn8Vc1Yd5Hf0'; // a root token's shape: hvs. + 24 alphanumerics, as `vault operator init` prints

function invalid(code: string, needle: string, kind: string, extra: { filename?: string; commonjs?: boolean; occurrence?: number } = {}) {
  return {
    code,
    filename: extra.filename ?? 'file.ts',
    ...(extra.commonjs ? { languageOptions: commonjs } : {}),
    output: null,
    errors: [{ messageId: 'hardcodedToken' as const, data: { kind }, ...at(code, needle, extra.occurrence), suggestions: [] }],
  };
}

const SERVICE = 'Vault service token (hvs.)';
const LEGACY_KIND = 'legacy Vault service token (s.)';

ruleTester.run('no-hardcoded-vault-token', rule, {
  valid: [
    // A root token's length without a digit: a name after a dot, not a token.
    { code: "const key = 'hvs.configurationSettingsXYZ';", filename: 'file.ts' },
    // The legacy shape without anything saying "token" is just a string.
    { code: `const requestId = '${LEGACY}';`, filename: 'file.ts' },
    { code: `log({ traceId: '${LEGACY}' });`, filename: 'file.js' },
    // Member-like strings that only look like the legacy prefix.
    { code: `const token = 's.MaxConnectionBytesPerSec';`, filename: 'file.ts' },
    // Token-ish names that are not tokens.
    { code: `const maxTokens = '${LEGACY}';`, filename: 'file.ts' },
    { code: `const opts = { pageToken: '${LEGACY}', tokenPath: '${LEGACY}' };`, filename: 'file.ts' },
    // No digit: not something Vault issued.
    { code: `vault({ token: 's.abcdefghijklmnopqrstuvwx' });`, filename: 'file.js' },
    // Truncated (as in docs) or placeholder modern tokens.
    { code: `const example = 'hvs.CAESIKN9...';`, filename: 'file.ts' },
    { code: `const token = 'hvs.${'X'.repeat(95)}';`, filename: 'file.ts' },
    { code: `const batch = 'hvb.${'a1B2c3D4e5'.repeat(10)}';`, filename: 'file.ts' }, // too short for a batch token
    // The token comes from somewhere else (no-static-vault-token's business, not this rule's).
    { code: `const client = require('node-vault')({ token: process.env.VAULT_TOKEN });`, filename: 'file.cjs', languageOptions: commonjs },
    { code: 'const header = `hvs.${suffix}`;', filename: 'file.ts' },
    { code: `headers.set('X-Request-Id', '${LEGACY}');`, filename: 'file.ts' },
    { code: `const h = { Authorization: '${LEGACY}' };`, filename: 'file.ts' }, // not a Bearer value
    // Odd code: nothing to report, nothing to throw on.
    { code: "const a = ``;\nconst b = { ['token']: x, [k]: '' };\nf(...args);\nnew (g())();\nlabel: for (;;) break label;", filename: 'file.ts' },
  ],
  invalid: [
    // Root tokens are short (hvs. + 24): reported anywhere, like other hvs. tokens, also inside a command line.
    invalid(`process.env.VAULT_TOKEN ??= '${ROOT}';`, `'${ROOT}'`, SERVICE),
    (() => {
      const code = `execSync(\`vault login ${ROOT}\`);`;
      return invalid(code, `\`vault login ${ROOT}\``, SERVICE, { filename: 'file.cjs', commonjs: true });
    })(),
    // The source gate must see a legacy token right after an escape: in the raw text `\ts.` has no word boundary.
    (() => {
      const code = `const token = '\\t${LEGACY}';`;
      return invalid(code, `'\\t${LEGACY}'`, LEGACY_KIND);
    })(),
    (() => {
      const code = `import vault from 'node-vault';\nconst client = vault({ endpoint: 'https://vault:8200', token: '${HVS}' });`;
      return invalid(code, `'${HVS}'`, SERVICE);
    })(),
    (() => {
      const code = `const vault = require('node-vault')({\n  endpoint: process.env.VAULT_ADDR,\n  token: '${LEGACY}',\n});`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND, { filename: 'file.cjs', commonjs: true });
    })(),
    (() => {
      const code = `await fetch(url, { headers: { 'X-Vault-Token': '${LEGACY}' } });`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND, { filename: 'file.mjs' });
    })(),
    (() => {
      const code = `const res = await fetch(url, { headers: { Authorization: 'Bearer ${LEGACY}' } });`;
      return invalid(code, `'Bearer`, LEGACY_KIND);
    })(),
    (() => {
      const code = 'const cmd = `vault kv get -address=${addr} -header=X-Vault-Token:' + HVS + ' secret/app`;';
      return invalid(code, '`vault', SERVICE, { filename: 'file.js' });
    })(),
    (() => {
      const code = `client.token = '${LEGACY}' as string;`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND);
    })(),
    (() => {
      const code = `const VAULT_TOKEN = process.env.VAULT_TOKEN ?? '${LEGACY}';`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND);
    })(),
    (() => {
      const code = `export const BATCH = '${HVB}';`;
      return invalid(code, `'${HVB}'`, 'Vault batch token (hvb.)');
    })(),
    (() => {
      const code = `const recovery = "${HVR}";`;
      return invalid(code, `"${HVR}"`, 'Vault recovery token (hvr.)', { filename: 'file.js' });
    })(),
    (() => {
      const code = `const headers = new Headers();\nheaders.set('X-Vault-Token', '${LEGACY}');`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND);
    })(),
    (() => {
      const code = `function login(addr, vaultToken) {}\nlogin('https://vault:8200', '${LEGACY}');`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND, { filename: 'file.js' });
    })(),
    (() => {
      const code = `class VaultConfig {\n  private rootToken = '${LEGACY}';\n}`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND);
    })(),
    (() => {
      const code = `export function connect(token = '${LEGACY}') {}`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND);
    })(),
    (() => {
      // Only the second template is in a token context.
      const code = `const plain = \`${LEGACY}\`;\nconst opts = { clientToken: useVault ? \`${LEGACY}\` : other };`;
      return invalid(code, `\`${LEGACY}\``, LEGACY_KIND, { filename: 'file.js', occurrence: 2 });
    })(),
    (() => {
      const code = `const el = <VaultProvider token="${HVS}" />;`;
      return invalid(code, `"${HVS}"`, SERVICE, { filename: 'file.tsx' });
    })(),
    (() => {
      const code = `const headers = new Map([['x-vault-token', '${LEGACY}']]);`;
      return invalid(code, `'${LEGACY}'`, LEGACY_KIND);
    })(),
  ],
});
