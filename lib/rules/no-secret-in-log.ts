// Reports log calls whose arguments carry a secret: console.*, pino / winston / bunyan / log4js / loglevel loggers
// (recognised by import), `logger.*` / `log.*` / `this.logger.*` / `req.log.*` by name, `logger.child({...})`
// bindings, the debug module, and process.stdout/stderr.write. What counts as a secret: see secret-expression.ts.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { lastNameOf, shortText, unwrap } from '../util/ast.js';
import { constInitOf, isUndeclaredGlobal, memberKey } from '../util/bindings.js';
import { createRule } from '../util/create-rule.js';
import { moduleRefOf } from '../util/module-refs.js';
import { findSecrets } from '../util/secret-expression.js';
import { nameWords } from '../util/secret-names.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type MessageIds = 'wholeEnv' | 'secretEnv' | 'secretBinding' | 'vaultLogin';
type Options = [{ loggerNames?: string[] }];

/** Methods of common loggers that write their arguments (`child` writes its bindings on every later line). */
const LOG_METHODS = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'log',
  'verbose',
  'silly',
  'http',
  'notice',
  'critical',
  'crit',
  'alert',
  'emerg',
  'emergency',
  'success',
  'child',
]);
/** Modules whose export is a logger, or a factory of one (`pino()`, `winston.createLogger()`, `log4js.getLogger()`). */
const LOGGER_MODULES = new Set(['pino', 'winston', 'bunyan', 'log4js', 'loglevel', 'consola', 'signale', 'roarr', 'npmlog', 'fancy-log', 'tslog']);
const STD_STREAMS = new Set(['stdout', 'stderr']);

const KEPT = 'where it is kept, shipped to other systems and read by many people';

export default createRule<Options, MessageIds>({
  name: 'no-secret-in-log',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow logging secrets: process.env, secret env vars, Vault login responses and credential-named values',
      recommended: true,
    },
    schema: [
      {
        type: 'object',
        properties: {
          loggerNames: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'More names of logger objects (besides logger/log/console and imported loggers), e.g. "audit".',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      wholeEnv: `\`{{sink}}\` writes the whole environment (\`{{what}}\`), with every secret in it, to the log, ${KEPT}. Log the few non-secret settings you need, by name.`,
      secretEnv: `\`{{sink}}\` writes the secret env var \`{{what}}\` to the log, ${KEPT}. Log whether it is set, never its value.`,
      secretBinding: `\`{{sink}}\` writes \`{{what}}\`, which holds a credential, to the log, ${KEPT}. Log whether it is set, or an identifier that is not the secret (a key id, a token accessor).`,
      vaultLogin: `\`{{sink}}\` writes a Vault login response (\`{{what}}\`) to the log: it contains the client_token, ${KEPT}. Log the token's accessor or policies instead.`,
    },
  },
  defaultOptions: [{ loggerNames: [] }],
  create(context, [{ loggerNames = [] }]) {
    const sourceCode = context.sourceCode;
    const extraLoggers = new Set(loggerNames);
    return {
      CallExpression(node) {
        const sink = logSinkOf(node, sourceCode, extraLoggers);
        if (!sink) return;
        for (const argument of node.arguments) {
          for (const finding of findSecrets(argument, sourceCode)) {
            context.report({ node: finding.node, messageId: finding.kind, data: { sink, what: finding.what } });
          }
        }
      },
    };
  },
});

/** The log call's name for messages (`console.log`, `logger.info`), or undefined when the call does not log. */
function logSinkOf(call: TSESTree.CallExpression, sourceCode: SourceCode, extraLoggers: ReadonlySet<string>): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    // `const debug = createDebug('app'); debug('token %s', t)`
    const init = constInitOf(callee, sourceCode);
    const factory = init && unwrap(init);
    return factory?.type === AST_NODE_TYPES.CallExpression && moduleRefOf(factory.callee, sourceCode)?.source === 'debug' ? callee.name : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberKey(callee, sourceCode);
  if (method === undefined) return undefined;
  const object = unwrap(callee.object);
  const label = `${shortText(sourceCode.getText(object), 30)}.${method}`;
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'console' && isUndeclaredGlobal(object, sourceCode)) return label;
  if (method === 'write' && object.type === AST_NODE_TYPES.MemberExpression && STD_STREAMS.has(memberKey(object, sourceCode) ?? '')) {
    const stream = unwrap(object.object);
    if (stream.type === AST_NODE_TYPES.Identifier && stream.name === 'process' && isUndeclaredGlobal(stream, sourceCode)) return label;
  }
  if (!LOG_METHODS.has(method)) return undefined;
  return isLogger(object, sourceCode, extraLoggers, 0) ? label : undefined;
}

/** `logger`, `log`, `this.logger`, `req.log`, `appLogger`, `logger.child({...})`, `pino()` results, imported loggers. */
function isLogger(node: TSESTree.Node, sourceCode: SourceCode, extraLoggers: ReadonlySet<string>, depth: number): boolean {
  const object = unwrap(node);
  if (depth > 3) return false;
  if (object.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(object.callee);
    // `logger.child({ reqId })` is a logger too.
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberKey(callee, sourceCode) === 'child') return isLogger(callee.object, sourceCode, extraLoggers, depth + 1);
    return LOGGER_MODULES.has(moduleRefOf(callee, sourceCode)?.source ?? '');
  }
  const name = lastNameOf(object);
  if (name === undefined) return false;
  const last = nameWords(name).at(-1);
  if (last === 'logger' || last === 'log' || extraLoggers.has(name)) return true;
  if (LOGGER_MODULES.has(moduleRefOf(object, sourceCode)?.source ?? '')) return true;
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const init = constInitOf(object, sourceCode);
  return !!init && isLogger(init, sourceCode, extraLoggers, depth + 1);
}
