// Follows names to what they were bound to, through ast-types' scopes (never by matching text): which module an
// identifier was imported or required from, and what a const was initialised with.
import type { JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, keyName, memberName, stringValue, unwrap } from './ast.js';
import { nodesOfType } from './node-index.js';
import { declarationsOf, declaringScope } from './scopes.js';

export type Binding =
  | { kind: 'import'; module: string; imported: string | undefined; declaration: AnyPath; identifier: AnyPath }
  | { kind: 'variable'; init: AnyPath; declaration: AnyPath; identifier: AnyPath }
  | { kind: 'destructured'; key: string; init: AnyPath; declaration: AnyPath; identifier: AnyPath }
  | { kind: 'other'; identifier: AnyPath };

/**
 * What an Identifier path refers to. `imported` is undefined for default and namespace imports (the module object,
 * as a CommonJS module's default import is). Variables count only when they are never assigned again.
 */
export function bindingOf(j: JSCodeshift, path: AnyPath): Binding | undefined {
  const name = path.node.name as string;
  const declared = declarationsOf(path, name);
  if (!declared || declared.length !== 1) return undefined;
  const identifier = declared[0];
  const parent = identifier.parent as AnyPath;
  const parentNode = parent.node;

  switch (parentNode.type) {
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier': {
      const declaration = parent.parent as AnyPath;
      if (declaration.node.importKind === 'type' || parentNode.importKind === 'type') return undefined;
      const imported = parentNode.type === 'ImportSpecifier' ? (parentNode.imported.name ?? parentNode.imported.value) : undefined;
      return {
        kind: 'import',
        module: declaration.node.source.value as string,
        imported: imported === 'default' ? undefined : imported,
        declaration,
        identifier,
      };
    }
    case 'TSImportEqualsDeclaration': {
      const reference = parentNode.moduleReference as AnyNode;
      const module = reference.type === 'TSExternalModuleReference' ? stringValue(reference.expression) : undefined;
      if (!module || parentNode.importKind === 'type') return undefined;
      return { kind: 'import', module, imported: undefined, declaration: parent, identifier };
    }
    case 'VariableDeclarator': {
      if (parentNode.id !== identifier.node || !parentNode.init || !isNeverReassigned(j, parent, name)) {
        return { kind: 'other', identifier };
      }
      return { kind: 'variable', init: parent.get('init') as AnyPath, declaration: parent, identifier };
    }
    case 'ObjectProperty':
    case 'Property': {
      const pattern = parent.parent as AnyPath;
      const declarator = pattern.parent as AnyPath;
      const key = keyName(parentNode);
      if (
        pattern.node.type !== 'ObjectPattern' ||
        declarator.node.type !== 'VariableDeclarator' ||
        declarator.node.id !== pattern.node ||
        !declarator.node.init ||
        key === undefined ||
        !isNeverReassigned(j, declarator, name)
      ) {
        return { kind: 'other', identifier };
      }
      return { kind: 'destructured', key, init: declarator.get('init') as AnyPath, declaration: declarator, identifier };
    }
    default:
      return { kind: 'other', identifier };
  }
}

function isNeverReassigned(_j: JSCodeshift, declarator: AnyPath, name: string): boolean {
  const declaration = declarator.parent?.node as AnyNode | undefined;
  if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const') return true;
  // `let`/`var`: conservative, by name over the whole file.
  const program = rootOf(declarator);
  const assigned = nodesOfType(program, 'AssignmentExpression').some((p) => p.node.left.type === 'Identifier' && p.node.left.name === name);
  const updated = nodesOfType(program, 'UpdateExpression').some((p) => p.node.argument.type === 'Identifier' && p.node.argument.name === name);
  return !assigned && !updated;
}

export function rootOf(path: AnyPath): AnyPath {
  let current = path;
  while (current.parent) current = current.parent as AnyPath;
  return current;
}

/** A module, or one export of it, that an expression stands for. `member` undefined: the module object itself. */
export interface ModuleRef {
  module: string;
  member: string | undefined;
}

/**
 * Which module (export) an expression denotes: `Pool` imported from 'pg' (renamed or not), `pg.Pool` with pg a
 * default/namespace import or `require('pg')`, `require('pg').Pool`, `const { Pool } = require('pg')`.
 */
export function moduleRefOf(j: JSCodeshift, path: AnyPath, depth = 0): ModuleRef | undefined {
  if (depth > 4) return undefined;
  const p = unwrap(path);
  const node = p.node;
  if (isRequireCall(node)) return { module: stringValue(node.arguments[0]) as string, member: undefined };
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const name = memberName(node);
    const object = moduleRefOf(j, p.get('object') as AnyPath, depth + 1);
    if (!object || name === undefined) return undefined;
    if (object.member === undefined) return { module: object.module, member: name === 'default' ? undefined : name };
    return undefined;
  }
  if (node.type !== 'Identifier') return undefined;
  const binding = bindingOf(j, p);
  if (!binding) return undefined;
  if (binding.kind === 'import') return { module: binding.module, member: binding.imported };
  if (binding.kind === 'variable') return moduleRefOf(j, binding.init, depth + 1);
  if (binding.kind === 'destructured') {
    const object = moduleRefOf(j, binding.init, depth + 1);
    return object && object.member === undefined ? { module: object.module, member: binding.key } : undefined;
  }
  return undefined;
}

/** `require('x')` with a literal module name, `require` not rebound locally. */
export function isRequireCall(node: AnyNode): boolean {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    stringValue(node.arguments[0]) !== undefined
  );
}

/** True when a global name is not shadowed at `path` (e.g. `process`, `fetch`). */
export function isGlobal(path: AnyPath, name: string): boolean {
  return !declaringScope(path, name);
}
