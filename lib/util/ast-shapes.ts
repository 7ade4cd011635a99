// Small, total questions about AST nodes that the rules ask again and again. Every function here accepts any node
// and answers `undefined`/`false` for shapes it does not know, so rules built on them never throw on odd code.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;

/** TypeScript-only wrappers that do not change the value: `x as T`, `x!`, `x satisfies T`, `<T>x`, and `a?.b` chains. */
export function isTransparentWrapper(node: Node): node is
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.ChainExpression {
  return (
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion ||
    node.type === AST_NODE_TYPES.ChainExpression
  );
}

/** The expression inside any TS wrappers (and optional-chain wrappers). */
export function unwrap(node: Node): Node {
  let current = node;
  while (isTransparentWrapper(current)) current = current.expression;
  return current;
}

/** The outermost wrapper around `node`: the node whose parent actually uses the value. */
export function outermostWrapper(node: Node): Node {
  let current = node;
  while (current.parent && isTransparentWrapper(current.parent)) current = current.parent;
  return current;
}

/** The value of a string literal or of a template literal without `${}`. */
export function staticString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return typeof inner.value === 'string' ? inner.value : undefined;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The name of a property key, member property or method key when it is written out statically. */
export function keyName(key: Node, computed: boolean): string | undefined {
  if (!computed) {
    if (key.type === AST_NODE_TYPES.Identifier) return key.name;
    if (key.type === AST_NODE_TYPES.PrivateIdentifier) return key.name;
  }
  if (key.type === AST_NODE_TYPES.Literal) {
    return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
  }
  return computed ? staticString(key) : undefined;
}

/** `obj.name`, `obj['name']` -> 'name'. */
export function memberName(node: Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return keyName(node.property, node.computed);
}

/** The key of an object property (`{ name: v }`, `{ 'name': v }`, `{ ['name']: v }`). */
export function propertyKey(node: Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.Property && node.type !== AST_NODE_TYPES.PropertyDefinition) return undefined;
  return keyName(node.key, node.computed);
}

/** The name a call is made by: `f()` -> 'f', `a.b.f()` -> 'f', `a['f']()` -> 'f'. */
export function calleeName(callee: Node): string | undefined {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  return memberName(inner);
}

/** The name something is stored under: an identifier, or the last segment of a member expression. */
export function targetName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  return memberName(inner);
}

export function isFunctionNode(
  node: Node,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** True for `false`, `0` and `!1`-style literal falsehoods only; never guesses about variables. */
export function isLiteralFalse(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value === false || inner.value === 0;
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '!') {
    const arg = unwrap(inner.argument);
    return arg.type === AST_NODE_TYPES.Literal && (arg.value === true || arg.value === 1);
  }
  return false;
}

/**
 * Walks `root` and its descendants (using the parser's visitor keys), calling `visit` on each node. `visit` returns
 * false to skip a node's children. Used for small, bounded subtrees (a try block, a callback), never whole files.
 */
export function walk(
  root: Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
  visit: (node: Node) => boolean | void,
): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (visit(node) === false) continue;
    const keys = visitorKeys[node.type] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) stack.push(item);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
