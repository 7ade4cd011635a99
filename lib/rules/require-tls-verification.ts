// Reports code that turns off TLS certificate verification on the connections credentials travel over: to Vault
// (which returns tokens and secrets) and to the database (which receives the password). Without verification anyone
// on the network path can present their own certificate and read both.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, propertyKeyName, staticStringOf, unwrap } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { anyWord, sourceMentions } from '../util/source-gate.js';

type MessageIds =
  | 'rejectUnauthorized'
  | 'strictSsl'
  | 'checkServerIdentity'
  | 'nodeTlsRejectUnauthorized'
  | 'vaultSkipVerify'
  | 'insecureSslMode'
  | 'flipToTrue'
  | 'removeAssignment';

/** What each sslmode does to the connection, for the message. */
const INSECURE_SSL_MODES: Record<string, string> = {
  disable: 'sends the password and every query in clear text',
  allow: 'uses TLS only when the server insists and never verifies its certificate',
  prefer: 'falls back to clear text and, in libpq semantics (which node-postgres is moving to), does not verify the certificate',
  'no-verify': 'encrypts but accepts any certificate',
};

/** Callees that run a command line: a `NAME=value cmd` string passed to them really sets NAME for the command. */
const COMMAND_RUNNERS = /^(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|fork|execa|execaSync|execaCommand|execaCommandSync|execCommand|run|runCommand|sh|shell|system|\$)$/;
/** Object keys whose string values are command lines or env entries (compose/k8s-like objects, npm scripts, CI steps). */
const COMMAND_KEYS = /^(?:command|cmd|script|run|shell|entrypoint|args|env|environment|exec|start|dev|test|build|serve|prestart|postinstall)$/;

/**
 * True where a string is used as a command line or an env entry: an argument of a command runner, an element of
 * an array (argv, env lists), a value under a command-like key, or a tagged template (zx's $`...`).
 */
function isCommandLike(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return true;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      const name = lastNameOf(parent.callee);
      return parent.arguments.includes(node as TSESTree.CallExpressionArgument) && name !== undefined && COMMAND_RUNNERS.test(name);
    }
    case AST_NODE_TYPES.Property: {
      const key = propertyKeyName(parent);
      return parent.value === node && key !== undefined && COMMAND_KEYS.test(key);
    }
    default:
      return false;
  }
}

/** Vault's client parses VAULT_SKIP_VERIFY with Go's strconv.ParseBool: these are its true values. */
const GO_TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export default createRule<[], MessageIds>({
  name: 'require-tls-verification',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description:
        'Disallow turning off TLS certificate verification (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0, insecure sslmode, strictSSL: false, VAULT_SKIP_VERIFY)',
      recommended: true,
      declarationFiles: true,
    },
    schema: [],
    messages: {
      rejectUnauthorized:
        '`rejectUnauthorized: false` accepts any certificate: whoever sits on the network path can impersonate the server and read the credentials sent to it. Trust the server\'s CA instead (`ca: <its certificate>`).',
      strictSsl:
        '`strictSSL: false` (node-vault / request options) accepts any certificate for Vault: the tokens and secrets it returns can be read and forged on the way. Trust Vault\'s CA instead (`ca: <its certificate>`).',
      checkServerIdentity:
        'A `checkServerIdentity` that accepts everything turns off the host name check: any certificate from the same CA passes for this server. Remove it.',
      nodeTlsRejectUnauthorized:
        'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate verification for every TLS connection of the process (Vault, the database, every API). Remove it and trust the server\'s CA with NODE_EXTRA_CA_CERTS or a `ca` option.',
      vaultSkipVerify:
        'VAULT_SKIP_VERIFY={{value}} turns off verification of Vault\'s certificate for the Vault client: the token and every secret can be read on the way. Set VAULT_CACERT to Vault\'s CA instead.',
      insecureSslMode:
        '`sslmode={{mode}}` {{effect}}: the database password and data are exposed on the network. Use `sslmode=verify-full` (with `sslrootcert` for a private CA).',
      flipToTrue: 'Set it to `true` (verify the certificate).',
      removeAssignment: 'Remove this assignment.',
    },
  },
  defaultOptions: [],
  create(context) {
    // Safe: every report needs one of these names as a key, member or string text (sourceMentions covers escapes).
    if (!sourceMentions(context, ANY_SETTING)) return {};

    function flipSuggestion(value: TSESTree.Node): TSESLint.ReportSuggestionArray<MessageIds> {
      return [{ messageId: 'flipToTrue', fix: (fixer) => fixer.replaceText(value, 'true') }];
    }

    function removeSuggestion(assignment: TSESTree.AssignmentExpression): TSESLint.ReportSuggestionArray<MessageIds> {
      const statement = assignment.parent;
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== assignment) return [];
      return [{ messageId: 'removeAssignment', fix: (fixer) => fixer.remove(statement) }];
    }

    /** `key: value` in an object literal, or `target.key = value`: the shared judgement for both spellings. */
    function checkSetting(
      key: string,
      value: TSESTree.Node,
      reportNode: TSESTree.Node,
      assignment: TSESTree.AssignmentExpression | undefined,
    ): void {
      switch (key) {
        case 'rejectUnauthorized':
        case 'strictSSL':
          if (isLiteralFalse(value)) {
            context.report({
              node: reportNode,
              messageId: key === 'strictSSL' ? 'strictSsl' : 'rejectUnauthorized',
              suggest: flipSuggestion(value),
            });
          }
          return;
        case 'checkServerIdentity':
          if (acceptsEverything(value)) context.report({ node: reportNode, messageId: 'checkServerIdentity' });
          return;
        case 'NODE_TLS_REJECT_UNAUTHORIZED':
          if (envValue(value) === '0') {
            context.report({
              node: reportNode,
              messageId: 'nodeTlsRejectUnauthorized',
              suggest: assignment ? removeSuggestion(assignment) : [],
            });
          }
          return;
        case 'VAULT_SKIP_VERIFY': {
          const text = envValue(value);
          if (text !== undefined && GO_TRUE_VALUES.has(text)) {
            context.report({
              node: reportNode,
              messageId: 'vaultSkipVerify',
              data: { value: text },
              suggest: assignment ? removeSuggestion(assignment) : [],
            });
          }
          return;
        }
        default:
      }
    }

    function checkText(node: TSESTree.Node, texts: readonly string[]): void {
      for (const text of texts) {
        if (text.includes('sslmode')) {
          const mode = insecureSslMode(text);
          if (mode) {
            context.report({ node, messageId: 'insecureSslMode', data: { mode, effect: INSECURE_SSL_MODES[mode] ?? INSECURE_REQUIRE } });
            return;
          }
        }
        // Shell lines and env arrays: 'NODE_TLS_REJECT_UNAUTHORIZED=0 node server.js', ['VAULT_SKIP_VERIFY=true'].
        // Prose that quotes the setting (an error message, a rule's own docs) sets nothing: only command-like uses count.
        if (!isCommandLike(node)) continue;
        if (text.includes('NODE_TLS_REJECT_UNAUTHORIZED') && /\bNODE_TLS_REJECT_UNAUTHORIZED=(["']?)0\1(?![\w.])/.test(text)) {
          context.report({ node, messageId: 'nodeTlsRejectUnauthorized' });
          return;
        }
        if (text.includes('VAULT_SKIP_VERIFY')) {
          const match = /\bVAULT_SKIP_VERIFY=(["']?)(1|t|T|TRUE|true|True)\1(?![\w.])/.exec(text);
          if (match) {
            context.report({ node, messageId: 'vaultSkipVerify', data: { value: match[2] } });
            return;
          }
        }
      }
    }

    return {
      Property(node) {
        // Only object literals: a destructuring pattern `{ rejectUnauthorized = false }` configures nothing.
        if (node.parent.type !== AST_NODE_TYPES.ObjectExpression) return;
        const key = propertyKeyName(node);
        if (key !== undefined && SETTING_KEYS.has(key)) checkSetting(key, node.value, node, undefined);
      },
      AssignmentExpression(node) {
        if (node.operator !== '=' && node.operator !== '??=' && node.operator !== '||=') return;
        const left = unwrap(node.left);
        const key = left.type === AST_NODE_TYPES.MemberExpression ? lastNameOf(left) : undefined;
        if (key !== undefined && SETTING_KEYS.has(key)) checkSetting(key, node.right, node, node);
      },
      Literal(node) {
        if (typeof node.value === 'string' && node.value.length > 12 && MENTIONS_SETTING.test(node.value)) checkText(node, [node.value]);
      },
      TemplateLiteral(node) {
        // Most templates mention none of the settings: look before building anything.
        if (!node.quasis.some((quasi) => MENTIONS_SETTING.test(quasi.value.raw))) return;
        const texts = node.quasis.map((quasi) => quasi.value.cooked ?? '');
        // A URL built around `${}` parts is judged on its static text: `${base}?sslmode=no-verify`.
        checkText(node, node.expressions.length === 0 ? texts : [texts.join('1')]);
      },
    };

    /** The string an env var would hold after `env.X = value` (numbers and booleans are converted by Node). */
    function envValue(value: TSESTree.Node): string | undefined {
      const inner = unwrap(value);
      if (inner.type === AST_NODE_TYPES.Literal && (typeof inner.value === 'number' || typeof inner.value === 'boolean')) {
        return String(inner.value);
      }
      return staticStringOf(inner);
    }

    /** `() => {}`, `() => undefined`, `function () { return undefined; }`: a host name check that passes everything. */
    function acceptsEverything(value: TSESTree.Node): boolean {
      const fn = unwrap(value);
      if (!isFunctionNode(fn)) return false;
      const body = fn.body;
      if (body.type !== AST_NODE_TYPES.BlockStatement) {
        const inner = unwrap(body);
        return (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') ||
          (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void');
      }
      if (body.body.length === 0) return true;
      const only = body.body.length === 1 ? body.body[0] : undefined;
      return only?.type === AST_NODE_TYPES.ReturnStatement &&
        (!only.argument || (only.argument.type === AST_NODE_TYPES.Identifier && only.argument.name === 'undefined'));
    }
  },
});

/** Text that may set one of the settings this rule knows (checked before any parsing). */
const MENTIONS_SETTING = /sslmode|NODE_TLS_REJECT_UNAUTHORIZED|VAULT_SKIP_VERIFY/;

/** Every setting the rule reports: a file without any of them in its source text has nothing to report. */
const ANY_SETTING = anyWord(['unauthorized', 'ssl', 'checkserveridentity', 'skip_verify']);

const SETTING_KEYS = new Set(['rejectUnauthorized', 'strictSSL', 'checkServerIdentity', 'NODE_TLS_REJECT_UNAUTHORIZED', 'VAULT_SKIP_VERIFY']);

const INSECURE_REQUIRE = 'with `uselibpqcompat=true` encrypts but does not verify the certificate';

/**
 * The insecure sslmode of a postgres URL (`postgres://…?sslmode=disable`) or libpq key/value string
 * (`host=db sslmode=prefer`), or undefined. `require` only counts with uselibpqcompat=true: node-postgres otherwise
 * treats it as verify-full.
 */
function insecureSslMode(text: string): string | undefined {
  const trimmed = text.trim();
  let params: URLSearchParams | undefined;
  if (/^postgres(?:ql)?:\/\//i.test(trimmed)) {
    const query = trimmed.indexOf('?');
    if (query >= 0) params = new URLSearchParams(trimmed.slice(query + 1).split('#')[0]);
  } else if (/^[?&]?[\w-]+=/.test(trimmed) && /(?:^|[?&])sslmode=/i.test(trimmed)) {
    // The query part of a URL built elsewhere: `${url}?sslmode=disable` or '&sslmode=disable'.
    params = new URLSearchParams(trimmed.replace(/^[^?]*\?/, ''));
  } else if (/(?:^|\s)(?:host|hostaddr|dbname|user|port)=\S/.test(trimmed)) {
    params = new URLSearchParams(trimmed.split(/\s+/).join('&'));
  } else {
    const query = trimmed.indexOf('?');
    if (query >= 0 && /^[^\s?]+\?/.test(trimmed)) params = new URLSearchParams(trimmed.slice(query + 1).split('#')[0]);
  }
  if (!params) return undefined;
  const mode = params.get('sslmode')?.toLowerCase();
  if (mode === undefined) return undefined;
  if (mode in INSECURE_SSL_MODES) return mode;
  if (mode === 'require' && params.get('uselibpqcompat') === 'true') return mode;
  return undefined;
}

/** True for `false`, `0` and `!1`-style literal falsehoods only; never guesses about variables. */
function isLiteralFalse(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value === false || inner.value === 0;
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    const argument = unwrap(inner.argument);
    return argument.type === AST_NODE_TYPES.Literal && (argument.value === true || argument.value === 1);
  }
  return false;
}
