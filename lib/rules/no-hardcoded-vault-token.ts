// Reports Vault tokens written into source code. Modern tokens (hvs./hvb./hvr. with the lengths Vault issues) are
// unmistakable anywhere, even inside a longer string such as a header or a command line. The legacy `s.` form is
// an ordinary-looking shape, so it is only reported where the code says "token": stored in or passed as something
// token-named, or sent as an X-Vault-Token / Authorization: Bearer header.
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, outermostWrapper, propertyKeyName, staticStringOf, unwrap } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { anyWord, sourceMentions, type TextGate } from '../util/source-gate.js';
import { isCredentialName, nameWords } from '../util/secret-names.js';
import { containsModernVaultToken, stripBearer, vaultTokenKind } from '../util/vault-token-format.js';

type MessageIds = 'hardcodedToken';

/** Shorter strings cannot hold any token form (the legacy form is 26 characters). */
const MIN_TOKEN_LENGTH = 26;

export default createRule<[], MessageIds>({
  name: 'no-hardcoded-vault-token',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Vault tokens (hvs./hvb./hvr., and legacy s. tokens where the context says token) in source code',
      recommended: true,
      declarationFiles: true,
    },
    schema: [],
    messages: {
      hardcodedToken:
        'A {{kind}} is written into the source: everyone who can read the code, its history or the built bundle has it, and it stays valid until someone revokes it. Revoke it, then let the server log in with AppRole, Kubernetes auth or an Agent token file through mcp-secrets-runtime (codemod vault-token-to-approle).',
    },
  },
  defaultOptions: [],
  create(context) {
    // Safe: a report needs `hvs.`/`hvb.`/`hvr.` or a whole-value `s.` + 24 alphanumerics in a string (see TOKEN_TEXT).
    if (!sourceMentions(context, TOKEN_TEXT)) return {};

    function check(node: TSESTree.Node, text: string, wholeValue: boolean): void {
      if (text.length < MIN_TOKEN_LENGTH) return;
      const kind = tokenKindIn(text, wholeValue);
      if (kind === 'modern') {
        context.report({ node, messageId: 'hardcodedToken', data: { kind: modernKindLabel(text) } });
      } else if (kind === 'legacy' && inTokenContext(node, text)) {
        context.report({ node, messageId: 'hardcodedToken', data: { kind: 'legacy Vault service token (s.)' } });
      }
    }

    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value, true);
      },
      TemplateLiteral(node) {
        if (node.expressions.length === 0) {
          check(node, node.quasis[0]?.value.cooked ?? '', true);
          return;
        }
        // With `${}` parts only a modern token inside one static chunk can be told apart.
        for (const quasi of node.quasis) {
          const cooked = quasi.value.cooked ?? '';
          if (cooked.length >= MIN_TOKEN_LENGTH && containsModernVaultToken(cooked) && !isPlaceholderToken(cooked, 'modern')) {
            context.report({ node, messageId: 'hardcodedToken', data: { kind: modernKindLabel(cooked) } });
            return;
          }
        }
      },
    };

    /** Whether a token argument of a call lands in a parameter whose name says token (local functions only). */
    function parameterIsTokenNamed(call: TSESTree.CallExpression | TSESTree.NewExpression, argument: TSESTree.Node): boolean {
      const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
      if (index < 0 || call.callee.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(call), call.callee);
      const definition = variable?.defs[0]?.node;
      if (!definition) return false;
      let fn: TSESTree.Node | null | undefined = definition;
      if (definition.type === AST_NODE_TYPES.VariableDeclarator) fn = definition.init;
      if (!fn || !isFunctionNode(fn)) return false;
      const param = fn.params[index];
      if (!param) return false;
      const name = param.type === AST_NODE_TYPES.AssignmentPattern ? lastNameOf(param.left) : lastNameOf(param);
      return name !== undefined && isTokenName(name);
    }

    function inTokenContext(literal: TSESTree.Node, text: string): boolean {
      const bearer = /^\s*bearer\s/i.test(text);
      let node = outermostWrapper(literal);
      // `process.env.VAULT_TOKEN ?? 's.…'` and `cond ? 's.…' : other` keep the token context of the whole expression.
      while (
        node.parent &&
        (node.parent.type === AST_NODE_TYPES.LogicalExpression ||
          (node.parent.type === AST_NODE_TYPES.ConditionalExpression && node.parent.test !== node))
      ) {
        node = outermostWrapper(node.parent);
      }
      const parent = node.parent;
      if (!parent) return false;
      switch (parent.type) {
        case AST_NODE_TYPES.VariableDeclarator:
          return parent.init === node && isTokenTarget(parent.id);
        case AST_NODE_TYPES.AssignmentExpression:
          return parent.right === node && isTokenTarget(parent.left);
        case AST_NODE_TYPES.AssignmentPattern:
          return parent.right === node && isTokenTarget(parent.left);
        case AST_NODE_TYPES.Property:
        case AST_NODE_TYPES.PropertyDefinition: {
          const key = propertyKeyName(parent);
          return parent.value === node && key !== undefined && isTokenKey(key, bearer);
        }
        case AST_NODE_TYPES.JSXExpressionContainer:
        case AST_NODE_TYPES.JSXAttribute: {
          const attribute = parent.type === AST_NODE_TYPES.JSXAttribute ? parent : parent.parent;
          if (attribute?.type !== AST_NODE_TYPES.JSXAttribute) return false;
          const name = attribute.name.type === AST_NODE_TYPES.JSXIdentifier ? attribute.name.name : undefined;
          return name !== undefined && isTokenKey(name, bearer);
        }
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (parent.callee === node) return false;
          // headers.set('X-Vault-Token', 's.…') / headers.append('Authorization', 'Bearer s.…')
          const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
          const headerName = index > 0 ? staticStringOf(unwrap(parent.arguments[index - 1])) : undefined;
          if (headerName !== undefined && isTokenKey(headerName, bearer)) return true;
          const name = lastNameOf(parent.callee);
          // setToken('s.…'), loginWithToken('s.…')
          if (name !== undefined && nameWords(name).includes('token')) return true;
          return parameterIsTokenNamed(parent, node);
        }
        case AST_NODE_TYPES.ArrayExpression: {
          // new Headers([['X-Vault-Token', 's.…']])
          const index = parent.elements.indexOf(node as TSESTree.Expression);
          const headerName = index === 1 && parent.elements[0] ? staticStringOf(unwrap(parent.elements[0])) : undefined;
          return parent.elements.length === 2 && headerName !== undefined && isTokenKey(headerName, bearer);
        }
        default:
          return false;
      }
    }
  },
});

/**
 * Source text any reported token needs: `hvs.`/`hvb.`/`hvr.`, or a legacy token where the code says token (a
 * token-named target or key, X-Vault-Token, a Bearer value). A legacy token starts its (trimmed) string value, so
 * before its `s.` the text has a quote, white space or `Bearer `, or an escape such as `\n`, whose letter defeats `\b`.
 */
const MODERN_PREFIX = anyWord(['hvs.', 'hvb.', 'hvr.']);
const TOKEN_WORD = anyWord(['token', 'bearer']);
const TOKEN_TEXT: TextGate = (source) =>
  MODERN_PREFIX(source) || (TOKEN_WORD(source) && source.remember('\0legacy token', () => hasLegacyTokenText(source.text)));

/**
 * `s.` and 24 alphanumerics at the start of a word or right after an escape's letter. The word-start test is done
 * per candidate: a regex opening with `(?:\b|\\[tnrvf])` cannot skip ahead to the next `s.` and cost a parser-sized
 * file a slow pass; the literal `s.` lets the regex engine jump between candidates.
 */
const LEGACY_CANDIDATE = /s\.[a-z0-9]{24}/gi;
function hasLegacyTokenText(text: string): boolean {
  LEGACY_CANDIDATE.lastIndex = 0;
  for (let match = LEGACY_CANDIDATE.exec(text); match; match = LEGACY_CANDIDATE.exec(text)) {
    const before = text[match.index - 1] ?? '';
    if (!/\w/.test(before) || (text[match.index - 2] === '\\' && 'tnrvf'.includes(before))) return true;
    LEGACY_CANDIDATE.lastIndex = match.index + 1;
  }
  return false;
}

const LEGACY_SHAPE = /^\s*(?:bearer\s+)?s\.[A-Za-z0-9]{24}\s*$/i;

function tokenKindIn(text: string, wholeValue: boolean): 'modern' | 'legacy' | undefined {
  if (text.includes('hv') && containsModernVaultToken(text) && !isPlaceholderToken(text, 'modern')) return 'modern';
  // The legacy form is the whole value (or a Bearer value): a cheap shape test before the shared judgement.
  if (!wholeValue || !LEGACY_SHAPE.test(text)) return undefined;
  const kind = vaultTokenKind(stripBearer(text));
  return kind === 'legacy' && !isPlaceholderToken(text, 'legacy') ? 'legacy' : undefined;
}

function modernKindLabel(text: string): string {
  if (/\bhvb\./.test(text)) return 'Vault batch token (hvb.)';
  if (/\bhvr\./.test(text)) return 'Vault recovery token (hvr.)';
  return 'Vault service token (hvs.)';
}

/** `hvs.XXXX…` and `s.000000000000000000000000`-like stand-ins have too few distinct characters to be issued tokens. */
function isPlaceholderToken(text: string, kind: 'modern' | 'legacy'): boolean {
  const match = (kind === 'modern' ? /\bhv[sbr]\.([\w-]+)/ : /\bs\.([\w-]+)/).exec(text);
  if (!match) return true;
  return new Set(match[1]).size < 8;
}

/** `token`, `vaultToken`, `VAULT_TOKEN`, `client_token`, `rootToken`; not `tokenPath`, `maxTokens`, `pageToken`. */
function isTokenName(name: string): boolean {
  const words = nameWords(name);
  if (words[words.length - 1] !== 'token') return /^(?:vault|bao)_dev_root_token_id$/i.test(name);
  return isCredentialName(name);
}

function isTokenTarget(node: TSESTree.Node): boolean {
  const name = lastNameOf(node);
  return name !== undefined && isTokenName(name);
}

/** Object keys and header names that carry a token: token-named keys, X-Vault-Token, and a Bearer Authorization. */
function isTokenKey(key: string, bearer: boolean): boolean {
  if (/^authorization$/i.test(key)) return bearer;
  return isTokenName(key);
}
