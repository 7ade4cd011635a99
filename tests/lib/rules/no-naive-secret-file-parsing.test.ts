import rule from '../../../lib/rules/no-naive-secret-file-parsing.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

/** One report at `needle`, whose suggestion replaces the split's arguments (`splitCall`) with the first-'=' split. */
function invalid(code: string, needle: string, splitCall: string, extra: { filename?: string; commonjs?: boolean; occurrence?: number } = {}) {
  const fixedCall = splitCall.replace(/\(.*\)$/, '(/=(.*)/s, 2)');
  const start = code.indexOf(splitCall, code.indexOf(needle));
  return {
    code,
    filename: extra.filename ?? 'file.ts',
    ...(extra.commonjs ? { languageOptions: commonjs } : {}),
    output: null,
    errors: [
      {
        messageId: 'naiveSplit' as const,
        ...at(code, needle, extra.occurrence),
        suggestions: [
          { messageId: 'splitAtFirstEquals' as const, output: code.slice(0, start) + fixedCall + code.slice(start + splitCall.length) },
        ],
      },
    ],
  };
}

// The seed article's Vault Agent reader.
const SEED_READER = `import { readFileSync } from 'fs';

function loadCredentials() {
  try {
    const raw = readFileSync('/run/vault/db-creds', 'utf8');
    const lines = Object.fromEntries(
      raw.trim().split('\\n').map(l => l.split('=') as [string, string])
    );
    return { user: lines.DB_USER, password: lines.DB_PASS };
  } catch {
    throw new Error('Vault Agent credentials not available');
  }
}`;

ruleTester.run('no-naive-secret-file-parsing', rule, {
  valid: [
    // The same shape over command-line arguments, a query string and cookies: not a file.
    { code: "const flags = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=')));", filename: 'file.ts' },
    { code: "const params = location.search.slice(1).split('&').map((pair) => pair.split('='));", filename: 'file.js' },
    { code: "const cookies = document.cookie.split(';').map((c) => c.trim().split('='));", filename: 'file.js' },
    // File lines split on something else.
    { code: "import { readFileSync } from 'node:fs';\nconst rows = readFileSync(p, 'utf8').split('\\n').map((l) => l.split(':'));", filename: 'file.ts' },
    // Correct hand-rolled parsing: split at the first '=' only, or put the rest back together.
    { code: "import { readFileSync } from 'node:fs';\nfor (const line of readFileSync(p, 'utf8').split('\\n')) { const i = line.indexOf('='); env[line.slice(0, i)] = line.slice(i + 1); }", filename: 'file.ts' },
    { code: "const { readFileSync } = require('fs');\nconst lines = readFileSync(p, 'utf8').split(/\\r?\\n/);\nfor (const line of lines) { const [key, ...rest] = line.split('='); env[key] = rest.join('='); }", filename: 'file.cjs', languageOptions: commonjs },
    { code: "import fs from 'fs';\nconst entries = fs.readFileSync(p, 'utf8').split('\\n').map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')]);", filename: 'file.js' },
    // The file is parsed by a real parser.
    { code: "import { parse } from 'dotenv';\nimport { readFileSync } from 'node:fs';\nconst env = parse(readFileSync('/vault/secrets/db', 'utf8'));", filename: 'file.ts' },
    // Text that does not come from a file (a function parameter no local caller feeds with a file).
    { code: "export function parseEnv(text: string) { return text.split('\\n').map((l) => l.split('=')); }", filename: 'file.ts' },
    // Odd code: nothing to report, nothing to throw on.
    { code: "s.split();\nundeclared.split('=');\nfor (const [a] of entries) a.split('=');\n[].map(function () { return arguments[0].split('='); });", filename: 'file.js' },
    // The whole content split on '=' (not per line) is another matter.
    { code: "import { readFileSync } from 'node:fs';\nconst [name, value] = readFileSync(p, 'utf8').trim().split('=');", filename: 'file.ts' },
  ],
  invalid: [
    invalid(SEED_READER, "l.split('=')", "l.split('=')"),
    // A TS wrapper around the callee splits the same way.
    invalid(
      "import { readFileSync } from 'node:fs';\nfor (const line of readFileSync(p, 'utf8').split('\\n')) {\n  const [k, v] = (line.split as (s: string) => string[])('=');\n  env[k] = v;\n}",
      '(line.split as',
      "('=')",
    ),
    invalid(
      "const fs = require('fs');\nconst env = {};\nfs.readFileSync('/vault/secrets/app', 'utf8').split('\\n').forEach((line) => {\n  const [key, value] = line.split('=');\n  env[key] = value;\n});",
      "line.split('=')",
      "line.split('=')",
      { filename: 'file.cjs', commonjs: true },
    ),
    invalid(
      "import { readFile } from 'node:fs/promises';\nconst text = await readFile('/run/secrets/db.env', 'utf8');\nfor (const line of text.split(/\\r?\\n/)) {\n  const [k, v] = line.trim().split('=', 2);\n  process.env[k] = v;\n}",
      "line.trim().split('=', 2)",
      "split('=', 2)",
      { filename: 'file.mts' },
    ),
    invalid(
      "import * as fs from 'fs';\nconst lines = fs.readFileSync(path).toString().split('\\n').filter(Boolean);\nconst secrets = {};\nfor (let i = 0; i < lines.length; i++) {\n  const [k, v] = lines[i].split('=');\n  secrets[k] = v;\n}",
      "lines[i].split('=')",
      "lines[i].split('=')",
      { filename: 'file.js' },
    ),
    invalid(
      "import { readFileSync } from 'fs';\nconst secrets = readFileSync(p, 'utf8').split('\\n').reduce((acc, line) => {\n  const [k, v] = line.split(/=/);\n  return { ...acc, [k]: v };\n}, {});",
      'line.split(/=/)',
      'line.split(/=/)',
    ),
    invalid(
      "import readline from 'node:readline';\nimport { createReadStream } from 'node:fs';\nconst rl = readline.createInterface({ input: createReadStream('/vault/secrets/db') });\nrl.on('line', (line) => {\n  const [key, value] = line.split('=');\n  creds[key] = value;\n});",
      "line.split('=')",
      "line.split('=')",
      { filename: 'file.js' },
    ),
    invalid(
      "import { createInterface } from 'readline';\nconst rl = createInterface({ input: stream });\nfor await (const line of rl) {\n  const parts = line.split('=');\n  env.set(parts[0], parts[1]);\n}",
      "line.split('=')",
      "line.split('=')",
    ),
    invalid(
      "import { readFileSync } from 'fs';\nfunction parseSecrets(content: string) {\n  return content.split('\\n').map((l) => l.split('='));\n}\nexport const secrets = parseSecrets(readFileSync('/vault/secrets/api', 'utf8'));",
      "l.split('=')",
      "l.split('=')",
    ),
    invalid(
      "import { EOL } from 'os';\nimport { readFileSync } from 'fs';\nconst content = readFileSync(file, 'utf8');\nconst pairs = content.split(EOL).map((entry) => entry.split('=') as [string, string]);",
      "entry.split('=')",
      "entry.split('=')",
    ),
    invalid(
      "const { promises: fsp } = require('fs');\nasync function load() {\n  const raw = (await fsp.readFile('/run/vault/db-creds')).toString();\n  return raw.split('\\r\\n').map(function (l) { return l.split(`=`); });\n}",
      'l.split(`=`)',
      'l.split(`=`)',
      { filename: 'file.cjs', commonjs: true },
    ),
  ],
});
