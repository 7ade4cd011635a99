// env-reads through a probe rule: it reports every env read (name in data) and, at each `sink(x)` call, the env
// var x's value comes from. The rules built on env-reads have their own tests; this pins the spellings.
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { createRule } from '../../../lib/util/create-rule.js';
import { envReadListeners, envReadName, isWholeEnv, mergeListeners } from '../../../lib/util/env-reads.js';
import { commonjs, RuleTester } from '../rules/vitest-rule-tester.js';

const probe = createRule({
  name: 'env-probe',
  meta: {
    type: 'problem',
    docs: { description: 'test probe', recommended: false },
    schema: [],
    messages: { read: 'read {{name}}', flows: 'sink gets {{name}}', whole: 'whole env' },
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    return mergeListeners(
      envReadListeners(sourceCode, (name) => name.toUpperCase().startsWith('VAULT_') || name === 'SECRET', (read) =>
        context.report({ node: read.node, messageId: 'read', data: { name: read.name } }),
      ),
      {
        CallExpression(node) {
          if (node.callee.type !== AST_NODE_TYPES.Identifier || node.arguments.length !== 1) return;
          if (node.callee.name === 'sink') {
            const name = envReadName(node.arguments[0], sourceCode);
            if (name) context.report({ node, messageId: 'flows', data: { name } });
          }
          if (node.callee.name === 'whole' && isWholeEnv(node.arguments[0], sourceCode)) context.report({ node, messageId: 'whole' });
        },
      },
    );
  },
});

const ruleTester = new RuleTester();
const read = (name: string, line: number, column: number) => ({ messageId: 'read' as const, data: { name }, line, column });
const flows = (name: string, line: number, column: number) => ({ messageId: 'flows' as const, data: { name }, line, column });

ruleTester.run('env-reads', probe, {
  valid: [
    // Same shapes, not the environment.
    'const env = {}; env.VAULT_TOKEN;',
    'function f(process) { return process.env.VAULT_TOKEN; }',
    'const process = { env: {} }; process.env.VAULT_TOKEN;',
    'let env = process.env; env = {}; env.VAULT_X;',
    // Writes and existence checks are not reads.
    "process.env.VAULT_TOKEN = 'x'; delete process.env.VAULT_ADDR;",
    "'VAULT_TOKEN' in process.env; Object.hasOwn(process.env, 'VAULT_TOKEN');",
    // A key an object literal sets itself after the spread is not an env var.
    "const cfg = { ...process.env, VAULT_ADDR: 'http://127.0.0.1:8200' }; cfg.VAULT_ADDR;",
    // Non-literal computed keys are not guessed.
    'let key = "VAULT_TOKEN"; key = "X"; process.env[key];',
    // Object.keys(process.env) is a list of names, not the environment.
    'const names = Object.keys(process.env); names.VAULT_TOKEN; whole(names);',
    // The value of an unrelated variable is not followed.
    'let t = process.env.OTHER; t = "x"; sink(t);',
    // A loose config (unknown call) is not reported as the whole environment.
    'const cfg = load(process.env); whole(cfg);',
  ],
  invalid: [
    { code: 'process.env.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 1, 1)] },
    { code: "process.env['VAULT_TOKEN'];", errors: [read('VAULT_TOKEN', 1, 1)] },
    { code: 'process.env[`VAULT_TOKEN`];', errors: [read('VAULT_TOKEN', 1, 1)] },
    { code: "const KEY = 'VAULT_TOKEN';\nprocess.env[KEY];", errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: 'process.env?.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 1, 1)] },
    { code: 'const { VAULT_TOKEN: t, ...rest } = process.env;\nrest.VAULT_ADDR;', errors: [read('VAULT_TOKEN', 1, 9), read('VAULT_ADDR', 2, 1)] },
    { code: "const { VAULT_TOKEN = '' } = process.env;", errors: [read('VAULT_TOKEN', 1, 9)] },
    { code: 'const { env: { VAULT_TOKEN } } = process;', errors: [read('VAULT_TOKEN', 1, 16)] },
    { code: 'const env = process.env;\nconst e2 = env;\ne2.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 3, 1)] },
    { code: "import { env } from 'node:process';\nenv.VAULT_TOKEN;", errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: "import { env as e } from 'process';\ne.VAULT_TOKEN;", errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: "import proc from 'process';\nproc.env.VAULT_TOKEN;", errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: "import * as proc from 'node:process';\nproc.env.VAULT_TOKEN;", errors: [read('VAULT_TOKEN', 2, 1)] },
    {
      code: "const { env } = require('node:process');\nenv.VAULT_TOKEN;",
      filename: 'file.cjs',
      languageOptions: commonjs,
      errors: [read('VAULT_TOKEN', 2, 1)],
    },
    { code: "require('process').env.VAULT_TOKEN;", filename: 'file.js', languageOptions: commonjs, errors: [read('VAULT_TOKEN', 1, 1)] },
    { code: 'globalThis.process.env.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 1, 1)] },
    { code: "import proc = require('node:process');\nproc.env.VAULT_TOKEN;", filename: 'file.ts', errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: 'const { env } = process;\nconst { VAULT_TOKEN: t } = env;\nsink(t);', errors: [read('VAULT_TOKEN', 2, 9), flows('VAULT_TOKEN', 3, 1)] },
    { code: 'import.meta.env.VAULT_ADDR;', errors: [read('VAULT_ADDR', 1, 1)] },
    { code: 'function f({ VAULT_TOKEN } = process.env) {}', errors: [read('VAULT_TOKEN', 1, 14)] },
    // Config objects built from the environment.
    { code: "import { z } from 'zod';\nconst env = z.object({}).parse(process.env);\nenv.VAULT_TOKEN;", errors: [read('VAULT_TOKEN', 3, 1)] },
    { code: 'const env = await Schema.parseAsync(process.env);\nenv.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: 'const r = Schema.safeParse(process.env);\nr.data.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 2, 1)] },
    { code: "import { cleanEnv, str } from 'envalid';\nconst config = cleanEnv(process.env, { VAULT_TOKEN: str() });\nconfig.VAULT_TOKEN;", errors: [read('VAULT_TOKEN', 3, 1)] },
    { code: 'const env = createEnv({ server: {}, runtimeEnv: process.env });\nconst { VAULT_TOKEN } = env;', errors: [read('VAULT_TOKEN', 2, 9)] },
    { code: 'const cfg = { ...process.env, PORT: 1 };\ncfg.VAULT_TOKEN;', errors: [read('VAULT_TOKEN', 2, 1)] },
    // Values: TS wrappers, defaults and const aliases lead back to the read, which is reported once.
    {
      code: 'const t = (process.env.VAULT_TOKEN as string)!;\nsink(t);',
      errors: [read('VAULT_TOKEN', 1, 12), flows('VAULT_TOKEN', 2, 1)],
    },
    { code: "sink(<string>process.env.VAULT_TOKEN ?? '');", errors: [flows('VAULT_TOKEN', 1, 1), read('VAULT_TOKEN', 1, 14)] },
    { code: "sink((process.env.VAULT_TOKEN satisfies string | undefined) || '');", errors: [flows('VAULT_TOKEN', 1, 1), read('VAULT_TOKEN', 1, 7)] },
    { code: 'const { VAULT_TOKEN: t } = process.env;\nconst u = t;\nsink(u.trim());', errors: [read('VAULT_TOKEN', 1, 9), flows('VAULT_TOKEN', 3, 1)] },
    { code: 'sink(`${process.env.VAULT_TOKEN}`);', errors: [flows('VAULT_TOKEN', 1, 1), read('VAULT_TOKEN', 1, 9)] },
    { code: 'whole(process.env);', errors: [{ messageId: 'whole', line: 1, column: 1 }] },
    { code: 'const cfg = schema.parse(process.env);\nwhole(cfg);', errors: [{ messageId: 'whole', line: 2, column: 1 }] },
    { code: 'const e = { ...process.env };\nwhole(e);', errors: [{ messageId: 'whole', line: 2, column: 1 }] },
  ],
});
