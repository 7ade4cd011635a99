// Where a value goes within one file: through wrappers that keep it (`x as string`, `x ?? ''`, `await x`,
// `x.trim()`), into const aliases (`const t = x; use(t)`), and for objects, into spreads (`{ ...opts }`).
// Used to tell a rule that an env read ends up in a known sink, so its message can name it.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isValueWrapper, literalMemberName } from './ast.js';
import { readReferencesOf } from './bindings.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const VALUE_PRESERVING_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toString', 'valueOf']);

/** The outermost expression that still has `node`'s value (or falls back to it). */
export function outermostValue(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return current;
    if (isValueWrapper(parent) && parent.expression === current) {
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&') {
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.AwaitExpression) {
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== current) {
      current = parent;
    } else if (
      parent.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === current &&
      VALUE_PRESERVING_METHODS.has(literalMemberName(parent) ?? '') &&
      parent.parent.type === AST_NODE_TYPES.CallExpression &&
      parent.parent.callee === parent &&
      parent.parent.arguments.length === 0
    ) {
      current = parent.parent;
    } else {
      return current;
    }
  }
}

/**
 * The places where `node`'s value is used: its outermost value expression and, when that initialises a const
 * alias, each read of the alias (recursively, up to `maxDepth` aliases deep).
 */
export function valueUses(node: TSESTree.Node, sourceCode: SourceCode, maxDepth = 4): TSESTree.Node[] {
  const uses: TSESTree.Node[] = [];
  const seen = new Set<TSESTree.Node>();
  const visit = (start: TSESTree.Node, depth: number): void => {
    const outer = outermostValue(start);
    if (seen.has(outer)) return;
    seen.add(outer);
    uses.push(outer);
    const parent = outer.parent;
    if (depth >= maxDepth || parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== outer) return;
    if (parent.id.type !== AST_NODE_TYPES.Identifier) return;
    for (const ref of readReferencesOf(parent.id, sourceCode)) visit(ref, depth + 1);
  };
  visit(node, 0);
  return uses;
}

/** The identifier a destructuring property binds (`{ X: y }` -> y, `{ X = '' }` -> X), if it is a plain name. */
export function boundIdentifierOf(property: TSESTree.Property): TSESTree.Identifier | undefined {
  const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
  return value.type === AST_NODE_TYPES.Identifier ? value : undefined;
}

/** Uses of the value a destructuring property binds: each read of the bound name, followed through aliases. */
export function bindingUses(property: TSESTree.Property, sourceCode: SourceCode, maxDepth = 4): TSESTree.Node[] {
  const identifier = boundIdentifierOf(property);
  if (!identifier) return [];
  return readReferencesOf(identifier, sourceCode).flatMap((ref) => valueUses(ref, sourceCode, maxDepth));
}

/** Where an object literal ends up: its uses, and the uses of object literals it is spread into. */
export function objectUses(object: TSESTree.ObjectExpression, sourceCode: SourceCode, maxDepth = 3): TSESTree.Node[] {
  const result: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node, depth: number): void => {
    for (const use of valueUses(node, sourceCode)) {
      result.push(use);
      const parent = use.parent;
      if (depth < maxDepth && parent?.type === AST_NODE_TYPES.SpreadElement && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
        visit(parent.parent, depth + 1);
      }
    }
  };
  visit(object, 0);
  return result;
}
