// Reports log calls whose arguments carry a secret: console.*, pino / winston / bunyan / log4js / loglevel loggers
// (recognised by import), `logger.*` / `log.*` / `this.logger.*` / `req.log.*` by name, `logger.child({...})`
// bindings, the debug module, and process.stdout/stderr.write. What counts as a secret: see secret-expression.ts.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { lastNameOf, shortText, unwrap } from '../util/ast.js';
import { constInitOf, globalReferences, isUndeclaredGlobal, memberKey } from '../util/bindings.js';
import { createRule, perConfiguration } from '../util/create-rule.js';
import { importsAnyOf, moduleRefOf, requiredModule } from '../util/module-refs.js';
import { findSecrets } from '../util/secret-expression.js';
import { nameWords } from '../util/secret-names.js';
import { anyWord, SECRET_TEXT, sourceMentions, type TextGate } from '../util/source-gate.js';

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
const LOGGER_AND_DEBUG_MODULES = [...LOGGER_MODULES, 'debug'];
/** Member names a log call can end in: LOG_METHODS, and `write` of process.stdout/stderr. */
const CALL_METHODS = new Set([...LOG_METHODS, 'write']);
/**
 * Words a log call needs, unless its receiver is named as a logger: `console`, `process.stdout`/`stderr`, an import
 * of a logger module or of debug. The debug module only counts by its quoted name (`require('debug')`, `from "debug"`):
 * a bare `debug` is also every `isDebug` and `debugLevel`, and `logger.debug()` needs a logger anyway.
 */
const LOG_WORDS = ['console', 'stdout', 'stderr', "'debug'", '"debug"', '`debug`', ...LOGGER_MODULES];
/**
 * A receiver isLogger accepts by name ends in the word log or logger (appLogger, APP_LOG, this.log): `log` or
 * `logger` not followed by a letter. A bare `log` let in nearly every parser file (LogicalExpression, login, dialog).
 */
const LOGGER_NAME_IN_TEXT = /log(?:ger)?(?![a-z])/i;
const LOG = anyWord(['log']);

const KEPT = 'where it is kept, shipped to other systems and read by many people';

export default createRule<Options, MessageIds>({
  name: 'no-secret-in-log',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow logging secrets: process.env, secret env vars, Vault login responses and credential-named values',
      recommended: true,
      declarationFiles: false,
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
    // Safe: every report is a findSecrets finding, which needs SECRET_TEXT, in the arguments of a log call, which
    // needs a LOG_WORDS word or a configured logger name (asked first: SECRET_TEXT may need a regex pass).
    if (!sourceMentions(context, logText(loggerNames)) || !sourceMentions(context, SECRET_TEXT)) return {};
    const sourceCode = context.sourceCode;
    const extraLoggers = new Set(loggerNames);
    // Loggers recognised by import (pino(), the debug module...) need a module lookup: only where one is imported.
    const loggerModules = importsAnyOf(sourceCode, LOGGER_AND_DEBUG_MODULES);
    const check = (node: TSESTree.CallExpression): void => {
      if (node.arguments.length === 0 || !isLogCall(node, sourceCode, extraLoggers, loggerModules)) return;
      for (const argument of node.arguments) {
        for (const finding of findSecrets(argument, sourceCode)) {
          context.report({ node: finding.node, messageId: finding.kind, data: { sink: sinkLabel(node, sourceCode), what: finding.what } });
        }
      }
    };
    const debugNames = loggerModules ? debugLoggerNames(sourceCode) : new Set<string>();
    return {
      CallExpression(node) {
        // Cheap shape test first: this runs for every call. A member call ending in a log method, anything on
        // `console`, or a call of a debug logger; a callee in TS wrappers (`(logger.info as any)(…)`,
        // `console.log!(…)`) is looked through, as isLogCall does.
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const property = callee.property;
          const name = property.type === AST_NODE_TYPES.Identifier ? property.name : property.type === AST_NODE_TYPES.Literal ? property.value : undefined;
          if (typeof name === 'string' && CALL_METHODS.has(name)) check(node);
          else if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'console') check(node);
        } else if (callee.type === AST_NODE_TYPES.Identifier && debugNames.has(callee.name)) {
          check(node);
        }
      },
    };
  },
});

/** True when the call writes its arguments to a log (checked cheaply first: this runs for every call). */
function isLogCall(call: TSESTree.CallExpression, sourceCode: SourceCode, extraLoggers: ReadonlySet<string>, loggerModules: boolean): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    // `const debug = createDebug('app'); debug('token %s', t)`
    if (!loggerModules) return false;
    const init = constInitOf(callee, sourceCode);
    const factory = init && unwrap(init);
    return factory?.type === AST_NODE_TYPES.CallExpression && moduleRefOf(factory.callee, sourceCode)?.source === 'debug';
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberKey(callee, sourceCode);
  if (method === undefined) return false;
  const object = unwrap(callee.object);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'console') return isUndeclaredGlobal(object, sourceCode);
  if (method === 'write' && object.type === AST_NODE_TYPES.MemberExpression && STD_STREAMS.has(memberKey(object, sourceCode) ?? '')) {
    const stream = unwrap(object.object);
    return stream.type === AST_NODE_TYPES.Identifier && stream.name === 'process' && isUndeclaredGlobal(stream, sourceCode);
  }
  return LOG_METHODS.has(method) && isLogger(object, sourceCode, extraLoggers, loggerModules, 0);
}

/**
 * Names bound to loggers of the debug module: `const debug = createDebug('app')` with `import createDebug from
 * 'debug'`, or `const log = require('debug')('app')`.
 */
function debugLoggerNames(sourceCode: SourceCode): Set<string> {
  const factories: TSESTree.Node[] = [];
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.source.value !== 'debug') continue;
    for (const variable of sourceCode.getDeclaredVariables(statement)) factories.push(...variable.references.map((ref) => ref.identifier as TSESTree.Node));
  }
  for (const ref of globalReferences(sourceCode, 'require')) {
    const call = ref.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || requiredModule(call, sourceCode) !== 'debug') continue;
    factories.push(call);
    // `const createDebug = require('debug')`: its calls make loggers too.
    if (call.parent.type === AST_NODE_TYPES.VariableDeclarator && call.parent.id.type === AST_NODE_TYPES.Identifier) {
      for (const use of sourceCode.getDeclaredVariables(call.parent)[0]?.references ?? []) factories.push(use.identifier as TSESTree.Node);
    }
  }
  const names = new Set<string>();
  for (const factory of factories) {
    const call = factory.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== factory) continue;
    const declarator = call.parent;
    if (declarator.type === AST_NODE_TYPES.VariableDeclarator && declarator.id.type === AST_NODE_TYPES.Identifier) names.add(declarator.id.name);
  }
  return names;
}

/** The log-call gate for a configuration: LOG_WORDS, the configured logger names, or a receiver named as a logger. */
const logText = perConfiguration((loggerNames: readonly string[]): TextGate => {
  const words = anyWord([...LOG_WORDS, ...loggerNames.map((name) => name.toLowerCase())]);
  return (source) => words(source) || (LOG(source) && LOGGER_NAME_IN_TEXT.test(source.text));
});

/** The log call's name for messages: `console.log`, `logger.info`, `debug`. */
function sinkLabel(call: TSESTree.CallExpression, sourceCode: SourceCode): string {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return shortText(sourceCode.getText(callee), 30);
  return `${shortText(sourceCode.getText(unwrap(callee.object)), 30)}.${memberKey(callee, sourceCode) ?? ''}`;
}

/** `logger`, `log`, `this.logger`, `req.log`, `appLogger`, `logger.child({...})`, `pino()` results, imported loggers. */
function isLogger(node: TSESTree.Node, sourceCode: SourceCode, extraLoggers: ReadonlySet<string>, loggerModules: boolean, depth: number): boolean {
  const object = unwrap(node);
  if (depth > 3) return false;
  if (object.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(object.callee);
    // `logger.child({ reqId })` is a logger too.
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberKey(callee, sourceCode) === 'child') {
      return isLogger(callee.object, sourceCode, extraLoggers, loggerModules, depth + 1);
    }
    return loggerModules && LOGGER_MODULES.has(moduleRefOf(callee, sourceCode)?.source ?? '');
  }
  const name = lastNameOf(object);
  if (name === undefined) return false;
  const last = nameWords(name).at(-1);
  if (last === 'logger' || last === 'log' || extraLoggers.has(name)) return true;
  if (!loggerModules) return false;
  if (LOGGER_MODULES.has(moduleRefOf(object, sourceCode)?.source ?? '')) return true;
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const init = constInitOf(object, sourceCode);
  return !!init && isLogger(init, sourceCode, extraLoggers, loggerModules, depth + 1);
}
