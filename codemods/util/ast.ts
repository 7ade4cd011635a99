// Small questions about nodes and paths that every transform asks.
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { identifiersNamed } from './node-index.js';
import { declaringScope } from './scopes.js';

// A loosely typed view of nodes: ast-types' unions make every field access a cast, and every access here is guarded.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNode = { type: string; [field: string]: any };
export type AnyPath = ASTPath<AnyNode>;

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
]);

/** The expression under TS wrappers (`as`, `!`, `satisfies`, `<T>x`) and parentheses. */
export function unwrap(path: AnyPath): AnyPath {
  let current = path;
  while (current.node && WRAPPERS.has(current.node.type)) current = current.get('expression') as AnyPath;
  return current;
}

export function unwrapNode(node: AnyNode): AnyNode {
  let current = node;
  while (current && WRAPPERS.has(current.type)) current = current.expression as AnyNode;
  return current;
}

/** The name of a non-computed key (`a`, `'a'`) or a computed string key (`['a']`). */
export function keyName(node: AnyNode): string | undefined {
  const key = node.key as AnyNode | undefined;
  if (!key) return undefined;
  if (!node.computed && key.type === 'Identifier') return key.name as string;
  return stringValue(key);
}

/** The property name of `a.b` or `a['b']`. */
export function memberName(node: AnyNode): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const property = node.property as AnyNode;
  if (!node.computed && property.type === 'Identifier') return property.name as string;
  return stringValue(property);
}

/** The value of a string literal or a template literal without expressions. */
export function stringValue(node: AnyNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) {
    return node.value as string;
  }
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked as string;
  return undefined;
}

export function isObjectProperty(node: AnyNode): boolean {
  return node.type === 'ObjectProperty' || node.type === 'Property';
}

/** The properties of an object literal, with their paths, skipping spreads and methods. */
export function propertiesOf(objectPath: AnyPath): { name: string | undefined; path: AnyPath }[] {
  const result: { name: string | undefined; path: AnyPath }[] = [];
  (objectPath.node.properties as AnyNode[]).forEach((property, index) => {
    const path = objectPath.get('properties', index) as AnyPath;
    result.push({ name: isObjectProperty(property) ? keyName(property) : undefined, path });
  });
  return result;
}

/** The statement that contains a path (the node whose parent holds it in a statement list). */
export function enclosingStatement(path: AnyPath): AnyPath | undefined {
  let current: AnyPath | null = path;
  while (current) {
    const parent = current.parentPath as AnyPath | null;
    if (parent && Array.isArray(parent.value) && isStatementList(parent.parentPath?.node, parent.name)) return current;
    current = current.parent as AnyPath | null;
  }
  return undefined;
}

function isStatementList(owner: AnyNode | undefined, field: unknown): boolean {
  if (!owner) return false;
  return (
    (field === 'body' && (owner.type === 'Program' || owner.type === 'BlockStatement' || owner.type === 'StaticBlock')) ||
    (field === 'consequent' && owner.type === 'SwitchCase')
  );
}

/** The closest function around a path, or undefined at module level. */
export function enclosingFunction(path: AnyPath): AnyPath | undefined {
  let current = path.parent as AnyPath | null;
  while (current) {
    if (isFunction(current.node)) return current;
    current = current.parent as AnyPath | null;
  }
  return undefined;
}

export function isFunction(node: AnyNode | undefined): boolean {
  return (
    !!node &&
    (node.type === 'FunctionDeclaration' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ArrowFunctionExpression' ||
      node.type === 'ObjectMethod' ||
      node.type === 'ClassMethod' ||
      node.type === 'ClassPrivateMethod')
  );
}

/** True when `path` is inside `ancestor` (or is it). */
export function isInside(path: AnyPath, ancestor: AnyPath): boolean {
  for (let current: AnyPath | null = path; current; current = current.parent as AnyPath | null) {
    if (current.node === ancestor.node) return true;
  }
  return false;
}

/** True when an Identifier path is a name that refers to a binding (not a property key or a member name). */
export function isReference(path: AnyPath): boolean {
  const parent = path.parent?.node as AnyNode | undefined;
  if (!parent) return true;
  const name = path.name;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && name === 'property') {
    return parent.computed === true;
  }
  if ((isObjectProperty(parent) || parent.type === 'ClassProperty' || parent.type === 'ObjectMethod' ||
    parent.type === 'ClassMethod' || parent.type === 'TSPropertySignature' || parent.type === 'TSMethodSignature') &&
    name === 'key') {
    return parent.computed === true; // in `{ x }` the value, a separate node, is the reference
  }
  if (parent.type === 'TSQualifiedName' && name === 'right') return false;
  if ((parent.type === 'ImportSpecifier' || parent.type === 'ExportSpecifier') && name !== 'local') return false;
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') {
    return false;
  }
  return true;
}

/** Every Identifier in the file that refers to the same binding as the declaration `declaration` (an Identifier path). */
export function referencesTo(_j: JSCodeshift, rootPath: AnyPath, declaration: AnyPath): AnyPath[] {
  const name = declaration.node.name as string;
  const bindingScope = declaringScope(declaration, name);
  return identifiersNamed(rootPath, name).filter((p) => p.node !== declaration.node && isReference(p) && declaringScope(p, name) === bindingScope);
}
