import rule from '../../../lib/rules/no-secret-in-log.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

type Kind = 'wholeEnv' | 'secretEnv' | 'secretBinding' | 'vaultLogin';
const error = (code: string, needle: string, messageId: Kind, sink: string, what: string, occurrence?: number) => ({
  messageId,
  data: { sink, what },
  ...at(code, needle, occurrence),
});

const WHOLE_ENV = `console.log(process.env);
`;
const STRINGIFY = `console.debug('env', JSON.stringify(process.env, null, 2));
`;
const TEMPLATE_ENV = `logger.info(\`connecting with \${process.env.DB_PASSWORD}\`);
`;
const PINO = `import pino from 'pino';
const l = pino();
export function login(token: string) {
  l.debug({ token }, 'logging in');
}
`;
const WINSTON_CJS = `const winston = require('winston');
const audit = winston.createLogger();
function fail(creds) {
  audit.error('auth failed for ' + creds.password);
}
module.exports = fail;
`;
const VAULT_LOGIN = `export async function login(vault, role_id, secret_id) {
  const result = await vault.approleLogin({ role_id, secret_id });
  console.log('logged in', result);
  console.log(result.auth.client_token);
}
`;
const ALIAS = `class Service {
  constructor(config) {
    const t = config.apiKey;
    this.logger.warn('using key', t);
  }
}
`;
const STDOUT = `process.stdout.write(\`\${secretId}\\n\`);
`;
const DEBUG = `const debug = require('debug')('app');
debug('token %s', vaultToken);
`;
const DEBUG_ESM = `import createDebug from 'debug';
const trace = createDebug('app:vault');
export function login(password: string) {
  trace('logging in with %s', password);
}
`;
const ERROR = `console.error(new Error(\`bad secret \${clientSecret}\`));
`;
const SPREAD = `console.log({ ...process.env, extra: 1 });
`;
const CONFIG = `import { z } from 'zod';
const env = z.object({ PORT: z.string() }).parse(process.env);
console.info('config', env);
`;
const VITE = `console.log(import.meta.env.VITE_API_KEY);
`;
const DESTRUCTURED = `const { password: p } = creds;
log.info(p);
`;
const RUNTIME_TOKEN = `console.log(await client.token());
`;
const SLOT = `auth.start({ onaccesstoken: (token) => console.log(token) });
`;
const CHILD = `export const requestLogger = logger.child({ dbPassword });
`;

ruleTester.run('no-secret-in-log', rule, {
  valid: [
    // Not a logger by name: the word log is not the last one (LogicalExpression, dialog boxes, login).
    { code: 'LogicalExpression.warn(process.env.DB_PASSWORD); loginForm.error(process.env.DB_PASSWORD);', filename: 'file.ts' },
    // Names that are about a token, not the token.
    { code: "console.log('token at', tokenPath, tokenCount, maxTokens, nextPageToken);", filename: 'file.js' },
    { code: "console.log(process.env.NODE_ENV, process.env.PORT, '%s', process.env.VAULT_ADDR);", filename: 'file.ts' },
    // Facts about a secret, or a masked secret, are not the secret.
    { code: 'logger.info({ hasToken: !!token, length: token.length, kind: typeof password });', filename: 'file.ts' },
    { code: 'console.log(redact(password), token.slice(-4), mask(apiKey));', filename: 'file.js' },
    { code: 'console.log(Object.keys(process.env));', filename: 'file.js' },
    { code: "logger.info('logged in', { accessor: result.auth.accessor, policies: result.auth.policies });", filename: 'file.ts' },
    // Not loggers.
    { code: 'catalog.info(password);\nconst metrics = { info(x) {} };\nmetrics.info(token);', filename: 'file.js' },
    // A function named like a credential is not one.
    { code: 'function getToken() { return 1; }\nconsole.log(getToken);', filename: 'file.js' },
    // A non-secret alias of an env read.
    { code: 'const addr = process.env.VAULT_ADDR;\nlogger.info(`vault at ${addr}`);', filename: 'file.ts' },
    // A function called like a debug logger, but not created by the debug module.
    { code: "import createDebug from 'debug';\nconst trace = (s: string) => s;\ntrace(password);", filename: 'file.ts' },
    { code: "const pino = require('pino');\nconst l = pino();\nl.info({ user: 'alice', secretName: 'db' });", filename: 'file.cjs', languageOptions: commonjs },
    // A callback slot that says what its token is: the MCP SDK's SSE resumption id (all lower case), a page cursor.
    { code: 'await transport.start({ onresumptiontoken: (token) => console.log(`resume from ${token}`) });', filename: 'file.ts' },
    { code: 'const pager = { onPageToken(token) { logger.debug(token); } };\nclient.on_next_token = (token) => log.info(token);', filename: 'file.js' },
  ],
  invalid: [
    { code: WHOLE_ENV, filename: 'file.js', errors: [error(WHOLE_ENV, 'process.env', 'wholeEnv', 'console.log', 'process.env')] },
    { code: STRINGIFY, filename: 'file.ts', errors: [error(STRINGIFY, 'process.env', 'wholeEnv', 'console.debug', 'process.env')] },
    { code: TEMPLATE_ENV, filename: 'file.ts', errors: [error(TEMPLATE_ENV, 'process.env', 'secretEnv', 'logger.info', 'DB_PASSWORD')] },
    // The callee in TS wrappers: looked through, as for the arguments.
    ...['(logger.info as any)', 'console.log!', '(<any>logger).warn'].map((sink) => {
      const code = `const dbPassword = process.env.DB_PASSWORD;\n${sink}(dbPassword);`;
      const label = sink === 'console.log!' ? 'console.log' : sink === '(<any>logger).warn' ? 'logger.warn' : 'logger.info';
      return { code, filename: 'file.ts', errors: [error(code, 'dbPassword)', 'secretEnv', label, 'DB_PASSWORD')] };
    }),
    // Loggers found by name only (the source gate looks for log/logger ending a name, in any case).
    ...['APP_LOG.warn', 'auditLOGGER.error', 'this.requestLog.info', "ctx['app-logger'].debug"].map((sink) => {
      const code = `${sink}(process.env.DB_PASSWORD);`;
      return { code, filename: 'file.ts', errors: [error(code, 'process.env', 'secretEnv', sink, 'DB_PASSWORD')] };
    }),
    { code: PINO, filename: 'file.ts', errors: [error(PINO, 'token }', 'secretBinding', 'l.debug', 'token')] },
    {
      code: WINSTON_CJS,
      filename: 'file.cjs',
      languageOptions: commonjs,
      errors: [error(WINSTON_CJS, 'creds.password', 'secretBinding', 'audit.error', 'creds.password')],
    },
    {
      code: VAULT_LOGIN,
      filename: 'file.js',
      errors: [
        error(VAULT_LOGIN, 'result)', 'vaultLogin', 'console.log', 'result'),
        error(VAULT_LOGIN, 'result.auth.client_token', 'secretBinding', 'console.log', 'result.auth.client_token'),
      ],
    },
    { code: ALIAS, filename: 'file.js', errors: [error(ALIAS, 't)', 'secretBinding', 'this.logger.warn', 't (from config.apiKey)')] },
    { code: STDOUT, filename: 'file.js', errors: [error(STDOUT, 'secretId', 'secretBinding', 'process.stdout.write', 'secretId')] },
    { code: DEBUG, filename: 'file.cjs', languageOptions: commonjs, errors: [error(DEBUG, 'vaultToken', 'secretBinding', 'debug', 'vaultToken')] },
    { code: DEBUG_ESM, filename: 'file.ts', errors: [error(DEBUG_ESM, 'password)', 'secretBinding', 'trace', 'password')] },
    // The debug module in double quotes and in a template: the text gate knows it by any quoted spelling.
    ...[DEBUG.replace("'debug'", '"debug"'), DEBUG.replace("'debug'", '`debug`')].map((code) => ({
      code,
      filename: 'file.cjs',
      languageOptions: commonjs,
      errors: [error(code, 'vaultToken', 'secretBinding', 'debug', 'vaultToken')],
    })),
    { code: ERROR, filename: 'file.ts', errors: [error(ERROR, 'clientSecret', 'secretBinding', 'console.error', 'clientSecret')] },
    { code: SPREAD, filename: 'file.js', errors: [error(SPREAD, 'process.env', 'wholeEnv', 'console.log', 'process.env')] },
    { code: CONFIG, filename: 'file.ts', errors: [error(CONFIG, 'env)', 'wholeEnv', 'console.info', 'env', 2)] },
    { code: VITE, filename: 'file.mts', errors: [error(VITE, 'import.meta', 'secretEnv', 'console.log', 'VITE_API_KEY')] },
    { code: DESTRUCTURED, filename: 'file.ts', errors: [error(DESTRUCTURED, 'p)', 'secretBinding', 'log.info', 'p (from password)')] },
    { code: RUNTIME_TOKEN, filename: 'file.ts', errors: [error(RUNTIME_TOKEN, 'client.token()', 'secretBinding', 'console.log', 'client.token()')] },
    { code: CHILD, filename: 'file.ts', errors: [error(CHILD, 'dbPassword', 'secretBinding', 'logger.child', 'dbPassword')] },
    // A callback slot named for a credential keeps the parameter a secret.
    { code: SLOT, filename: 'file.ts', errors: [error(SLOT, 'token) }', 'secretBinding', 'console.log', 'token')] },
    // Options: a project-specific logger name.
    {
      code: 'audit.record(password);\nreporter.info(password);',
      filename: 'file.ts',
      options: [{ loggerNames: ['reporter'] }],
      errors: [error('audit.record(password);\nreporter.info(password);', 'password', 'secretBinding', 'reporter.info', 'password', 2)],
    },
  ],
});
