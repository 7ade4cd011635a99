// Reports empty error handlers around Vault token and lease renewals. A renewal that fails silently is the start of
// an outage: the token or lease runs out at its TTL and every request after that fails with "permission denied",
// far from the swallowed error that explained it. Vault's own LifetimeWatcher reports a failed renewal on its
// DoneCh so the caller can log in again or fetch new credentials; an empty handler throws that signal away.
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, literalMemberName, unwrap } from '../util/ast.js';
import { walk } from '../util/ast-walk.js';
import { createRule } from '../util/create-rule.js';
import { nameWords } from '../util/secret-names.js';
import { anyWord, sourceMentions } from '../util/source-gate.js';

/** Every renewal callee or path this rule knows has `renew` in it. */
const RENEW_TEXT = anyWord(['renew']);

type MessageIds = 'emptyCatchClause' | 'emptyCatchHandler';
type Options = [{ allowComment?: boolean }];

/** Vault API paths that renew a token or a lease. */
const RENEWAL_PATHS = ['sys/leases/renew', 'sys/renew', 'auth/token/renew-self', 'auth/token/renew', 'renew-self'];

/** How far down a promise chain (`renew().then(a).then(b).catch(c)`) the renewal is looked for. */
const MAX_CHAIN = 12;

export default createRule<Options, MessageIds>({
  name: 'no-swallowed-renewal-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow empty catch clauses and .catch() handlers around Vault token or lease renewals',
      recommended: true,
      declarationFiles: false,
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowComment: {
            type: 'boolean',
            description: 'Accept an empty handler that contains a comment as an intentional choice.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowComment: false }],
    messages: {
      emptyCatchClause:
        'This empty `catch` swallows a failed {{renewal}}: the token or lease then expires at its TTL with nothing logged, and requests start failing far from the cause. Log the error and get new credentials (log in again / fetch a new lease), or let mcp-secrets-runtime renew and re-login for you.',
      emptyCatchHandler:
        'This empty `.catch()` handler swallows a failed {{renewal}}: the token or lease then expires at its TTL with nothing logged, and requests start failing far from the cause. Log the error and get new credentials (log in again / fetch a new lease), or let mcp-secrets-runtime renew and re-login for you.',
    },
  },
  defaultOptions: [{ allowComment: false }],
  create(context, [{ allowComment = false }]) {
    // Safe: a renewal is a callee whose name has the word "renew" or a string path containing "renew".
    if (!sourceMentions(context, RENEW_TEXT)) return {};
    const { sourceCode } = context;

    /** A handler that does nothing: `{}`, `() => {}`, `() => undefined`, `noop`, `_.noop`. */
    function isEmptyHandler(node: TSESTree.Node): boolean {
      const handler = unwrap(node);
      if (handler.type === AST_NODE_TYPES.Identifier || handler.type === AST_NODE_TYPES.MemberExpression) {
        const name = lastNameOf(handler);
        return name === 'noop';
      }
      if (!isFunctionNode(handler)) return false;
      const body = handler.body;
      if (body.type === AST_NODE_TYPES.BlockStatement) {
        return body.body.length === 0 && !(allowComment && sourceCode.getCommentsInside(body).length > 0);
      }
      if (allowComment && sourceCode.getCommentsInside(handler).length > 0) return false;
      return isNothing(body);
    }

    /** The renewal a call performs, described for the message, or undefined. */
    function renewalIn(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
      const name = lastNameOf(call.callee);
      if (name !== undefined && nameWords(name).includes('renew')) return `renewal (\`${name}()\`)`;
      for (const argument of call.arguments) {
        const path = renewalPathIn(argument) ?? renewalPathInConst(argument);
        if (path) return `renewal (\`${path}\`)`;
      }
      return undefined;
    }

    /** `const url = \`${addr}/v1/sys/leases/renew\`; fetch(url, …)`: the path behind a const in the same file. */
    function renewalPathInConst(argument: TSESTree.Node): string | undefined {
      const inner = unwrap(argument);
      if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = ASTUtils.findVariable(sourceCode.getScope(inner), inner);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
      if (def.parent.kind !== 'const' || !def.node.init) return undefined;
      return renewalPathIn(def.node.init);
    }

    /** The first renewal call anywhere under `root` (nested callbacks included: `Promise.all(ids.map(renew))`). */
    function renewalUnder(root: TSESTree.Node): string | undefined {
      let found: string | undefined;
      walk(root, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
          found = renewalIn(node);
        }
        return found === undefined;
      });
      return found;
    }

    /** Walks `renew().then(f).finally(g)` down from the call `.catch()` is attached to. */
    function renewalInChain(start: TSESTree.Node): string | undefined {
      let node: TSESTree.Node | undefined = unwrap(start);
      for (let depth = 0; node && depth < MAX_CHAIN; depth++) {
        if (node.type === AST_NODE_TYPES.AwaitExpression) {
          node = unwrap(node.argument);
          continue;
        }
        if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
        const direct = renewalIn(node);
        if (direct) return direct;
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
        // A renewal inside a `.then(() => renew())` step of the chain rejects the same promise.
        const step = literalMemberName(callee);
        if (step === 'then' || step === 'finally') {
          for (const argument of node.arguments) {
            if (isFunctionNode(argument)) {
              const inside = renewalUnder(argument.body);
              if (inside) return inside;
            }
          }
        }
        node = unwrap(callee.object);
      }
      return undefined;
    }

    return {
      CatchClause(node) {
        if (node.body.body.length > 0) return;
        if (allowComment && sourceCode.getCommentsInside(node.body).length > 0) return;
        const tryStatement = node.parent;
        if (tryStatement.type !== AST_NODE_TYPES.TryStatement) return;
        const renewal = renewalUnder(tryStatement.block);
        if (renewal) context.report({ node, messageId: 'emptyCatchClause', data: { renewal } });
      },
      CallExpression(node) {
        // `(renew().catch as any)(() => {})` is the same `.catch()`: TS wrappers around the callee are looked through.
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = literalMemberName(callee);
        // `.catch(handler)` or the rejection handler of `.then(onFulfilled, onRejected)`.
        const handler = method === 'catch' ? node.arguments[0] : method === 'then' ? node.arguments[1] : undefined;
        if (!handler || !isEmptyHandler(handler)) return;
        const renewal = renewalInChain(callee.object);
        if (renewal) context.report({ node: handler, messageId: 'emptyCatchHandler', data: { renewal } });
      },
    };
  },
});

/** `undefined`, `null`, `void 0`, `false`: an arrow body that handles nothing. */
function isNothing(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'undefined';
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value === null || inner.value === false;
  return inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void' && inner.argument.type === AST_NODE_TYPES.Literal;
}

function renewalPathIn(argument: TSESTree.Node): string | undefined {
  const inner = unwrap(argument);
  const texts: string[] = [];
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') texts.push(inner.value);
  else if (inner.type === AST_NODE_TYPES.TemplateLiteral) for (const quasi of inner.quasis) texts.push(quasi.value.cooked ?? '');
  for (const text of texts) {
    if (!text.includes('renew')) continue;
    const path = RENEWAL_PATHS.find((candidate) => text.includes(candidate));
    if (path) return path;
  }
  return undefined;
}
