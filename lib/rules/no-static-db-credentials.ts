// Reports static database credentials:
//   (a) pg Pool/Client, postgres.js, knex, Sequelize (and mysql/mysql2) given a connection string from the
//       environment, or a password from the environment or a literal;
//   (b) connection URLs with an embedded password, literal or built by a template / concatenation;
//   (c) a `password` from the environment or a literal in an object that is plainly connection options;
//   (d) reads of password-bearing env vars (DATABASE_PASSWORD, PGPASSWORD, DB_PASS...), also via config objects.
// A literal is leaked; an env value never rotates: distinct messages. Password functions and values fetched from
// Vault / the runtime are fine. Each offending value is reported once, where it is written or read.
import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, propertyKeyName, shortText, staticStringOf, unwrap } from '../util/ast.js';
import { bindingSource, constInitOf, definitionOf, followConstAliases } from '../util/bindings.js';
import { isPlaceholderSecret, urlCredentials } from '../util/connection-url.js';
import { createRule } from '../util/create-rule.js';
import {
  CONNECTION_KEYS,
  CONNECTION_URL_KEYS,
  DB_MODULES,
  DB_PASS_NAME_IN_TEXT,
  DB_URL_SCHEMES,
  PASSWORD_KEYS,
  dbClientOf,
  isDbPasswordEnvName,
  type DbClient,
} from '../util/db-clients.js';
import { envReadListeners, envValueOf } from '../util/env-reads.js';
import { importsAnyOf, moduleRefOf } from '../util/module-refs.js';
import { anyWord, sourceMentions, sourceTextOf, type TextGate } from '../util/source-gate.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type MessageIds = 'literalPassword' | 'literalUrl' | 'envCredential' | 'builtUrl';

const USE_INSTEAD =
  "Let createDynamicPgPool() from mcp-secrets-runtime take short-lived, per-instance credentials from Vault's database secrets engine " +
  '(codemod: database-url-to-dynamic-pool).';

interface Finding {
  node: TSESTree.Node;
  messageId: MessageIds;
  data: Record<string, string>;
  /** For the same node: a known client's option (2) beats connection options or a URL (1) beats a bare env read (0). */
  priority: number;
}

/** Object keys that make a property worth a look: a password, or a pg connection string. */
const CREDENTIAL_KEYS = new Set([...PASSWORD_KEYS, 'connectionString']);
/** Every database URL starts with one of these schemes (DB_URL_SCHEMES) followed by `://`, in any case. */
const DB_URL_IN_TEXT = /(?:postgres|postgresql|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|mssql|sqlserver):\/\//i;
const URL_SEPARATOR = anyWord(['://']);
/**
 * Text one of the findings needs. Password keys are password/passwd/pwd, and so are password env names, or they end
 * in `pass` after a database word (DB_PASS: DB_PASS_NAME_IN_TEXT); the other connection key is `connectionString`; a
 * database URL starts with its scheme; a client call needs an import of a DB_MODULES module, whose specifier is a
 * string literal (`pg` quoted: bare, it is in every `.jpg`). A bare `env` or `://` was the old gate, and let in a
 * third of all files; a bare `pass` (passed, bypass) let in 130 of 204 corpus files that have none of the rest.
 */
const DB_WORD_TEXT = anyWord([
  'password',
  'passwd',
  'pwd',
  'connectionstring',
  ...["'pg'", '"pg"', '`pg`', 'pg-pool', 'postgres', 'knex', 'sequelize', 'mysql'],
  ...['mariadb://', 'mongodb', 'redis://', 'rediss://', 'mssql://', 'sqlserver://'],
]);
const PASS = anyWord(['pass']);
const DB_CREDENTIAL_TEXT: TextGate = (source) => DB_WORD_TEXT(source) || (PASS(source) && DB_PASS_NAME_IN_TEXT.test(source.text));
/** Calls that only encode a value for a URL. */
const URL_ENCODERS = new Set(['encodeURIComponent', 'encodeURI', 'escape']);
/** Callee names that fetch credentials from a secret store: getSecret, readSecret, fetchDynamicDbCreds, vault.read... */
const SECRET_STORE_CALLEE = /secret|cred|vault|lease|password|token/i;
const SECRET_STORE_METHODS = new Set(['read', 'get', 'kv', 'token']);

export default createRule<[], MessageIds>({
  name: 'no-static-db-credentials',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow static database credentials: passwords and connection URLs from literals or the environment',
      recommended: true,
      declarationFiles: true,
    },
    schema: [],
    messages: {
      literalPassword: `Hard-coded database password{{where}}: it is in the source, its history and every build, so treat it as leaked and rotate it. ${USE_INSTEAD}`,
      literalUrl: `Connection URL with a hard-coded password ({{scheme}}://{{user}}:…): it is in the source, its history and every build, so treat it as leaked and rotate it. ${USE_INSTEAD}`,
      envCredential: `\`{{name}}\` is read from the environment{{where}}: a static database credential never rotates, is shared by every instance and leaks through environment dumps and process listings. ${USE_INSTEAD}`,
      builtUrl: `Connection URL built with an embedded password (\`{{password}}\`): a static password in a URL ends up in logs, error messages and process listings, and never rotates. ${USE_INSTEAD}`,
    },
  },
  defaultOptions: [],
  create(context) {
    // Safe: see DB_CREDENTIAL_TEXT (a literal third argument of `new Sequelize()` needs an import of sequelize too).
    if (!sourceMentions(context, DB_CREDENTIAL_TEXT)) return {};
    const sourceCode = context.sourceCode;
    const findings = new Map<TSESTree.Node, Finding>();

    const add = (finding: Finding): void => {
      const existing = findings.get(finding.node);
      if (!existing || finding.priority > existing.priority) findings.set(finding.node, finding);
    };

    /** A password value: env -> envCredential, literal -> literalPassword; functions and fetched values are fine. */
    const checkPassword = (value: TSESTree.Node, where: string, priority: number): void => {
      const read = envValueOf(value, sourceCode);
      if (read) {
        add({ node: read.node, messageId: 'envCredential', data: { name: read.name, where }, priority });
        return;
      }
      const resolved = followConstAliases(value, sourceCode);
      const text = staticStringOf(resolved);
      if (text !== undefined && !isPlaceholderSecret(text)) add({ node: resolved, messageId: 'literalPassword', data: { where }, priority });
    };

    /** A connection string: from the environment it is reported here; literals are judged as URLs (b). */
    const checkConnectionString = (value: TSESTree.Node, where: string, priority: number): void => {
      const read = envValueOf(value, sourceCode);
      if (read) add({ node: read.node, messageId: 'envCredential', data: { name: read.name, where }, priority });
    };

    /** Connection options given to a known client: password and connection-URL keys, through aliases and spreads. */
    const checkOptions = (options: TSESTree.Node, client: DbClient): void => {
      for (const property of propertiesOf(options, sourceCode)) {
        const key = propertyKeyName(property);
        if (key === undefined) continue;
        if (PASSWORD_KEYS.has(key)) checkPassword(property.value, ` as the password of ${client.label}`, 2);
        else if (CONNECTION_URL_KEYS.has(key)) checkConnectionString(property.value, ` as the connection string of ${client.label}`, 2);
        else if (key === 'connection' && client.kind === 'knex') checkConnectionArgument(property.value, client);
      }
    };

    /** A client's connection argument: a URL or an options object. */
    const checkConnectionArgument = (argument: TSESTree.Node, client: DbClient): void => {
      const value = followConstAliases(argument, sourceCode);
      if (value.type === AST_NODE_TYPES.ObjectExpression) checkOptions(value, client);
      else checkConnectionString(argument, ` as the connection string of ${client.label}`, 2);
    };

    const hasDbModule = importsAnyOf(sourceCode, DB_MODULES);
    const checkClientCall = (call: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const client = dbClientOf(call, sourceCode);
      if (!client) return;
      const [first, second, third, fourth] = call.arguments;
      if (!first || first.type === AST_NODE_TYPES.SpreadElement) return;
      if (client.kind === 'sequelize' && third && third.type !== AST_NODE_TYPES.SpreadElement) {
        // new Sequelize(database, username, password, options)
        checkPassword(third, ` as the password of ${client.label}`, 2);
        if (fourth && fourth.type !== AST_NODE_TYPES.SpreadElement) checkOptions(fourth, client);
        return;
      }
      checkConnectionArgument(first, client);
      if (second && second.type !== AST_NODE_TYPES.SpreadElement && client.kind !== 'knex') checkOptions(second, client);
    };

    /** (c) `{ host, user, password: process.env.X }` anywhere: plainly connection options. */
    const checkConnectionObject = (object: TSESTree.ObjectExpression): void => {
      let password: TSESTree.Property | undefined;
      let connectionUrl: TSESTree.Property | undefined;
      let connectionLike = false;
      for (const property of object.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = propertyKeyName(property);
        if (key === undefined) continue;
        if (PASSWORD_KEYS.has(key)) password = property;
        if (key === 'connectionString') connectionUrl = property;
        if (CONNECTION_KEYS.has(key)) connectionLike = true;
      }
      if (password && connectionLike && !isFunctionNode(unwrap(password.value))) checkPassword(password.value, ' as the password of connection options', 1);
      // createDynamicPgPool takes host, port and database from a connection string and its credentials from Vault.
      if (connectionUrl && !isDynamicPoolOptions(object, sourceCode)) checkConnectionString(connectionUrl.value, ' as a `connectionString`', 1);
    };

    /** (b) A literal URL with a real password. */
    const checkLiteralUrl = (node: TSESTree.Literal | TSESTree.TemplateLiteral): void => {
      const text = staticStringOf(node);
      if (text === undefined || !text.includes('://') || !text.includes('@')) return;
      const credentials = urlCredentials(text);
      if (!credentials || !DB_URL_SCHEMES.has(credentials.scheme)) return;
      add({ node, messageId: 'literalUrl', data: { scheme: credentials.scheme, user: credentials.username }, priority: 1 });
    };

    /** (b) A URL built by a template or concatenation whose password part is not a literal placeholder. */
    const checkBuiltUrl = (node: TSESTree.TemplateLiteral | TSESTree.BinaryExpression): void => {
      const parts = urlParts(node);
      if (!parts) return;
      const first = parts[0];
      if (typeof first !== 'string' || !first.includes('://')) return;
      const expressions: TSESTree.Node[] = [];
      const rendered = parts.map((part) => (typeof part === 'string' ? part : `mcpsecretsx${expressions.push(part) - 1}x`)).join('');
      let url: URL;
      try {
        url = new URL(rendered);
      } catch {
        return; // not a URL
      }
      const scheme = url.protocol.slice(0, -1);
      if (!DB_URL_SCHEMES.has(scheme) || !url.password) return;
      const inPassword = expressions.filter((_, index) => url.password.includes(`mcpsecretsx${index}x`));
      if (inPassword.length === 0) {
        let password = url.password;
        try {
          password = decodeURIComponent(password);
        } catch {
          // keep the raw text
        }
        if (!isPlaceholderSecret(password)) add({ node, messageId: 'literalUrl', data: { scheme, user: decodeURIComponent(url.username) }, priority: 1 });
        return;
      }
      for (const expression of inPassword) checkUrlPassword(expression);
    };

    const checkUrlPassword = (expression: TSESTree.Node): void => {
      const value = urlEncoded(expression);
      const read = envValueOf(value, sourceCode);
      if (read) {
        add({ node: read.node, messageId: 'envCredential', data: { name: read.name, where: ' into a connection URL' }, priority: 1 });
        return;
      }
      const resolved = followConstAliases(value, sourceCode);
      const text = staticStringOf(resolved);
      if (text !== undefined) {
        if (!isPlaceholderSecret(text)) add({ node: resolved, messageId: 'literalPassword', data: { where: ' in a connection URL' }, priority: 1 });
        return;
      }
      if (isFromSecretStore(value, sourceCode)) return;
      add({ node: expression, messageId: 'builtUrl', data: { password: shortText(sourceCode.getText(expression), 30) }, priority: 1 });
    };

    /** (b) URLs in string and template tokens: cheaper than visiting every literal node. */
    const checkUrlTokens = (): void => {
      for (const token of sourceCode.ast.tokens ?? []) {
        if ((token.type !== AST_TOKEN_TYPES.String && token.type !== AST_TOKEN_TYPES.Template) || !token.value.includes('://')) continue;
        let node = sourceCode.getNodeByRangeIndex(token.range[0]) as TSESTree.Node | null;
        if (node?.type === AST_NODE_TYPES.TemplateElement) node = node.parent;
        if (node?.type !== AST_NODE_TYPES.Literal && node?.type !== AST_NODE_TYPES.TemplateLiteral) continue;
        // A piece of a `'postgres://' + user + ...` chain is judged with the whole chain.
        let top: TSESTree.Node = node;
        while (top.parent?.type === AST_NODE_TYPES.BinaryExpression && top.parent.operator === '+') top = top.parent;
        if (top.type === AST_NODE_TYPES.BinaryExpression) checkBuiltUrl(top);
        else if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length > 0) checkBuiltUrl(node);
        else if (node.type === AST_NODE_TYPES.TemplateLiteral || typeof node.value === 'string') checkLiteralUrl(node);
      }
    };

    const onCredentialKey = (property: TSESTree.Property): void => {
      if (property.parent.type === AST_NODE_TYPES.ObjectExpression) checkConnectionObject(property.parent);
    };

    const envListeners = envReadListeners(sourceCode, isDbPasswordEnvName, (read) =>
      add({ node: read.node, messageId: 'envCredential', data: { name: read.name, where: '' }, priority: 0 }),
    );
    return {
      // Client calls can only appear in files that import a database client.
      ...(hasDbModule ? { NewExpression: checkClientCall, CallExpression: checkClientCall } : {}),
      // A plain listener: an attribute selector (`Property[key.name=/.../]`) costs an esquery match per property.
      Property(property) {
        const key = property.key;
        const name = key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.Literal ? key.value : undefined;
        if (typeof name === 'string' && CREDENTIAL_KEYS.has(name)) onCredentialKey(property);
      },
      MetaProperty: envListeners.MetaProperty,
      'Program:exit'(node: TSESTree.Program) {
        envListeners['Program:exit']?.(node);
        // A cheap, sound pre-check: no database URL scheme in the text, no database URL in a literal (checkUrlTokens
        // reads the raw token text, so an escaped `://` is not a URL to it either).
        const source = sourceTextOf(context);
        if (URL_SEPARATOR(source) && DB_URL_IN_TEXT.test(source.text)) checkUrlTokens();
        for (const finding of findings.values()) context.report({ node: finding.node, messageId: finding.messageId, data: finding.data });
      },
    };
  },
});

/** `createDynamicPgPool({...})` from mcp-secrets-runtime: credentials in its options are ignored. */
function isDynamicPoolOptions(object: TSESTree.ObjectExpression, sourceCode: SourceCode): boolean {
  const call = object.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== object) return false;
  const ref = moduleRefOf(call.callee, sourceCode);
  return ref?.source === 'mcp-secrets-runtime' && ref.path.length === 1 && ref.path[0] === 'createDynamicPgPool';
}

/** The properties of an options object, following const aliases and spreads of other object literals. */
function propertiesOf(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): TSESTree.Property[] {
  const object = followConstAliases(node, sourceCode);
  if (object.type !== AST_NODE_TYPES.ObjectExpression || depth > 3) return [];
  return object.properties.flatMap((property) => {
    if (property.type === AST_NODE_TYPES.Property) return [property];
    return propertiesOf(property.argument, sourceCode, depth + 1);
  });
}

/** The static and dynamic parts of a template literal or a `+` chain, in order; undefined for other shapes. */
function urlParts(node: TSESTree.Node): (string | TSESTree.Node)[] | undefined {
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    const parts: (string | TSESTree.Node)[] = [];
    node.quasis.forEach((quasi, index) => {
      parts.push(quasi.value.cooked ?? '');
      const expression = node.expressions[index];
      if (expression) parts.push(expression);
    });
    return parts;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    const left = urlParts(node.left) ?? [node.left];
    const right = urlParts(node.right) ?? [node.right];
    return [...left, ...right];
  }
  const text = staticStringOf(node);
  return text === undefined ? undefined : [text];
}

/** `encodeURIComponent(pw)` -> pw. */
function urlEncoded(node: TSESTree.Node): TSESTree.Node {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length === 1 && URL_ENCODERS.has(lastNameOf(inner.callee) ?? '')) {
    return inner.arguments[0];
  }
  return inner;
}

/**
 * True when a value was fetched from a secret store: its root binding is the result of a call such as
 * `await vault.read('database/creds/app')`, `await getSecret('db')`, `fetchDynamicDbCreds()`, `secrets.get('db')`,
 * or anything imported from mcp-secrets-runtime.
 */
function isFromSecretStore(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let current = unwrap(node);
  for (let depth = 0; depth < 8; depth++) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      current = unwrap(current.object);
      continue;
    }
    if (current.type === AST_NODE_TYPES.AwaitExpression) {
      current = unwrap(current.argument);
      continue;
    }
    if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) return isSecretStoreCall(current, sourceCode);
    if (current.type !== AST_NODE_TYPES.Identifier) return false;
    const init = constInitOf(current, sourceCode);
    if (init) {
      current = unwrap(init);
      continue;
    }
    // `const { password } = await vault.read(...)`
    const def = definitionOf(current, sourceCode);
    const origin = def?.type === 'Variable' ? bindingSource(def.name) : undefined;
    if (!origin) return false;
    current = unwrap(origin.source);
  }
  return false;
}

function isSecretStoreCall(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): boolean {
  const ref = moduleRefOf(call.callee, sourceCode);
  if (ref?.source === 'mcp-secrets-runtime') return true;
  const name = lastNameOf(call.callee);
  if (name === undefined) return false;
  if (SECRET_STORE_CALLEE.test(name)) return true;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && SECRET_STORE_METHODS.has(name);
}
