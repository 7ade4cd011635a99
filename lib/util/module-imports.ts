// Which module (and which export of it) an expression comes from, followed through ESLint's scope analysis:
// default, named, renamed and namespace imports, `import x = require()`, `require('m')`, `require('m').x`,
// destructured requires, `await import('m')`, and const aliases of any of those. Used to recognise callees such as
// node-vault's factory (`require('node-vault')({...})`), `fs.readFileSync` or AWS's GetSecretValueCommand.
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { keyName, memberName, staticString, unwrap } from './ast-shapes.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

export interface ModuleOrigin {
  /** The module specifier, with a `node:` prefix removed (`node:fs` and `fs` are the same module). */
  source: string;
  /**
   * Property names below the module's exports. A default import counts as the module itself (CommonJS modules such
   * as node-vault export one function), so `import v from 'node-vault'` and `require('node-vault')` both give [].
   */
  path: string[];
}

/** Alias chains longer than this are not followed (they do not occur in real code, and it bounds the work). */
const MAX_DEPTH = 6;

/** The module an expression (an identifier, a member of one, a `require()` call) comes from, if any. */
export function moduleOrigin(node: TSESTree.Node, scope: Scope): ModuleOrigin | undefined {
  return originOf(node, scope, 0);
}

/** True when `node` is `source`'s export at `path` (e.g. ('pg', ['Pool']) for `pg.Pool`, `Pool`, `require('pg').Pool`). */
export function isModuleExport(node: TSESTree.Node, scope: Scope, source: string, path: readonly string[]): boolean {
  const origin = moduleOrigin(node, scope);
  return origin !== undefined && origin.source === normaliseSource(source) && samePath(origin.path, path);
}

export function normaliseSource(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function withoutLeadingDefault(path: string[]): string[] {
  let start = 0;
  while (path[start] === 'default') start++;
  return start === 0 ? path : path.slice(start);
}

function originOf(node: TSESTree.Node, scope: Scope, depth: number): ModuleOrigin | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(scope, inner);
      return variable ? originOfVariable(variable, depth + 1) : undefined;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(inner);
      if (name === undefined) return undefined;
      const base = originOf(inner.object, scope, depth + 1);
      return base ? { source: base.source, path: withoutLeadingDefault([...base.path, name]) } : undefined;
    }
    case AST_NODE_TYPES.CallExpression: {
      const source = requiredSource(inner, scope);
      return source === undefined ? undefined : { source, path: [] };
    }
    case AST_NODE_TYPES.AwaitExpression: {
      const argument = unwrap(inner.argument);
      if (argument.type !== AST_NODE_TYPES.ImportExpression) return undefined;
      const source = staticString(argument.source);
      return source === undefined ? undefined : { source: normaliseSource(source), path: [] };
    }
    default:
      return undefined;
  }
}

/** `require('m')` with the global `require` (not a local function of that name): 'm'. */
export function requiredSource(node: TSESTree.Node, scope: Scope): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require' || node.arguments.length !== 1) return undefined;
  const source = staticString(node.arguments[0]);
  if (source === undefined) return undefined;
  const variable = ASTUtils.findVariable(scope, callee);
  // An unresolved or implicit global `require` is CommonJS's; a declared one is somebody's own function.
  if (variable && variable.defs.length > 0) return undefined;
  return normaliseSource(source);
}

function originOfVariable(variable: Variable, depth: number): ModuleOrigin | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) return originOfImport(def.node);
  if (def.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
  const declarator = def.node;
  if (!declarator.init) return undefined;
  // A `let` that is assigned again later may hold anything by the time it is used.
  if (variable.references.some((ref) => ref.isWrite() && ref.identifier.parent !== declarator)) return undefined;
  const base = originOf(declarator.init, variable.scope, depth + 1);
  if (!base) return undefined;
  const below = patternPath(declarator.id, def.name);
  return below ? { source: base.source, path: withoutLeadingDefault([...base.path, ...below]) } : undefined;
}

function originOfImport(node: TSESTree.Node): ModuleOrigin | undefined {
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const ref = node.moduleReference;
    if (ref.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
    const source = staticString(ref.expression);
    return source === undefined ? undefined : { source: normaliseSource(source), path: [] };
  }
  const declaration = node.parent;
  if (!declaration || declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const source = normaliseSource(declaration.source.value);
  if (node.type === AST_NODE_TYPES.ImportSpecifier) {
    const imported = keyName(node.imported, false);
    return imported === undefined ? undefined : { source, path: withoutLeadingDefault([imported]) };
  }
  return { source, path: [] };
}

/** The property names leading from a destructuring pattern's root to `target` (`{ a: { b: x } }` -> ['a', 'b']). */
function patternPath(pattern: TSESTree.Node, target: TSESTree.Node): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) return patternPath(pattern.left, target);
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = keyName(property.key, property.computed);
    if (name === undefined) continue;
    const below = patternPath(property.value, target);
    if (below) return [name, ...below];
  }
  return undefined;
}
