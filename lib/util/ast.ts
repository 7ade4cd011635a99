// Small, parser-agnostic AST helpers shared by the code rules. They only look at node shapes; anything that needs
// to know what a name refers to goes through scope analysis (bindings.ts).
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** Wrappers that never change the runtime value of what they wrap. */
const VALUE_WRAPPERS = new Set<string>([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
  AST_NODE_TYPES.ChainExpression,
]);

type WrapperNode =
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression
  | TSESTree.ChainExpression;

export function isValueWrapper(node: TSESTree.Node): node is WrapperNode {
  return VALUE_WRAPPERS.has(node.type);
}

/** `x as T`, `x!`, `x satisfies T`, `<T>x`, `f<T>`, `a?.b` -> the expression inside (parentheses are not nodes). */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isValueWrapper(current)) current = current.expression;
  return current;
}

/** The outermost wrapper around `node` (the node itself when it is not wrapped). */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isValueWrapper(current.parent) && current.parent.expression === current) current = current.parent;
  return current;
}

/** The text of a string literal or a template literal without substitutions. */
export function staticStringOf(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.b`, `a['b']`, ``a[`b`]`` -> 'b'. Computed keys that are not literal return undefined (see bindings.memberKey). */
export function literalMemberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  return staticStringOf(node.property);
}

/** The key of an object property (literal or plain identifier key), or undefined when computed from an expression. */
export function propertyKeyName(node: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  if (!node.computed) {
    if (node.key.type === AST_NODE_TYPES.Identifier) return node.key.name;
    if (node.key.type === AST_NODE_TYPES.Literal) return String(node.key.value);
    return undefined;
  }
  return staticStringOf(node.key);
}

/** True when the member expression is assigned to, updated or deleted rather than read. */
export function isWriteTarget(node: TSESTree.Node): boolean {
  const target = outermostWrapper(node);
  const parent = target.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.left === target && parent.operator === '=';
    case AST_NODE_TYPES.UpdateExpression:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'delete';
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return parent.left === target;
    case AST_NODE_TYPES.ArrayPattern:
    case AST_NODE_TYPES.RestElement:
      return true;
    case AST_NODE_TYPES.Property:
      return parent.value === target && parent.parent.type === AST_NODE_TYPES.ObjectPattern;
    case AST_NODE_TYPES.AssignmentPattern:
      return parent.left === target;
    default:
      return false;
  }
}

/** The last name segment of a callee or object: `a.b.c` -> 'c', `foo` -> 'foo', `this.logger` -> 'logger'. */
export function lastNameOf(node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return literalMemberName(inner);
  return undefined;
}

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** The function that directly contains `node` (not counting the node itself). */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** Short source text for messages: one line, at most `max` characters. */
export function shortText(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
