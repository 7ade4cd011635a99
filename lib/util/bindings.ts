// Following bindings with ESLint's scope analysis: which variable an identifier refers to, whether that variable
// holds one value for its whole life (a const alias), and where a destructured binding takes its value from.
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { literalMemberName, propertyKeyName, staticStringOf, unwrap } from './ast.js';
import { perFileCache } from './per-file-cache.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;
type Definition = TSESLint.Scope.Definition;

/** The variable an identifier refers to, resolved through the enclosing scopes; null for undeclared globals. */
export function variableOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
}

/** True when the identifier is a global that nothing in the file declares (`process`, `console`, `require`). */
export function isUndeclaredGlobal(identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = variableOf(identifier, sourceCode);
  return !variable || variable.defs.length === 0;
}

/**
 * The one definition of a variable that is assigned once: a `const` (or `let`/`var` never reassigned), a parameter
 * never reassigned, an import, a function or class declaration. Undefined for anything that may change.
 */
export function singleDefinition(variable: Variable | null): Definition | undefined {
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type === 'Variable' || def.type === 'Parameter') {
    const declaredOnce = variable.references.every((ref) => !ref.isWrite() || ref.init === true || ref.identifier === def.name);
    if (!declaredOnce) return undefined;
  }
  return def;
}

/** The single definition of the variable an identifier refers to. */
export function definitionOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): Definition | undefined {
  return singleDefinition(variableOf(identifier, sourceCode));
}

/** One step from a destructuring pattern into the value it destructures. */
export type PathStep = { key: string; property: TSESTree.Property } | { rest: true };

export interface BindingSource {
  /** The expression whose value the binding destructures (an initializer, an assignment's right side, a default). */
  source: TSESTree.Expression;
  /** Property keys from `source` down to the binding, outermost first. */
  steps: PathStep[];
}

/**
 * Where the value bound to `target` (an identifier or pattern in a declaration, assignment or parameter) comes
 * from: `const { env: { X: y } } = process` gives source `process`, steps ['env', 'X'] for `y`.
 * Array patterns and computed keys are not followed.
 */
export function bindingSource(target: TSESTree.Node): BindingSource | undefined {
  const steps: PathStep[] = [];
  let current: TSESTree.Node = target;
  for (let depth = 0; depth < 16; depth++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.id === current && parent.init ? { source: parent.init, steps: steps.reverse() } : undefined;
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.left === current && parent.operator === '=' ? { source: parent.right, steps: steps.reverse() } : undefined;
      case AST_NODE_TYPES.AssignmentPattern: {
        if (parent.left !== current) return undefined;
        const outer = parent.parent;
        // `{ X = '' }` or `[x = 1]`: a default inside a pattern; the value still comes from the outer pattern.
        if (outer?.type === AST_NODE_TYPES.Property || outer?.type === AST_NODE_TYPES.ArrayPattern) {
          current = parent;
          continue;
        }
        // A parameter default: `function f({ X } = process.env)`.
        return { source: parent.right, steps: steps.reverse() };
      }
      case AST_NODE_TYPES.Property: {
        if (parent.value !== current || parent.parent.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
        const key = propertyKeyName(parent);
        if (key === undefined) return undefined;
        steps.push({ key, property: parent });
        current = parent.parent;
        continue;
      }
      case AST_NODE_TYPES.RestElement:
        if (parent.parent?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
        steps.push({ rest: true });
        current = parent.parent;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The initializer of a const-like variable bound directly (not destructured) to `identifier`'s variable. */
export function constInitOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Expression | undefined {
  const def = definitionOf(identifier, sourceCode);
  if (def?.type !== 'Variable') return undefined;
  const declarator = def.node;
  if (declarator.id !== def.name || !declarator.init) return undefined;
  return declarator.init;
}

/** The expression an identifier stands for, following const aliases (`const a = b; const b = x` -> x). */
export function followConstAliases(node: TSESTree.Node, sourceCode: SourceCode, maxDepth = 8): TSESTree.Node {
  let current = unwrap(node);
  for (let depth = 0; depth < maxDepth && current.type === AST_NODE_TYPES.Identifier; depth++) {
    const init = constInitOf(current, sourceCode);
    if (!init) break;
    current = unwrap(init);
  }
  return current;
}

/** A member's static name: `a.b`, `a['b']`, `a[KEY]` where `const KEY = 'b'`. */
export function memberKey(node: TSESTree.MemberExpression, sourceCode: SourceCode): string | undefined {
  const literal = literalMemberName(node);
  if (literal !== undefined || !node.computed || node.property.type !== AST_NODE_TYPES.Identifier) return literal;
  const init = constInitOf(node.property, sourceCode);
  return staticStringOf(init ? unwrap(init) : undefined);
}

/** The read references of the variable declared by `identifier` (its declaration and writes excluded). */
export function readReferencesOf(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Identifier[] {
  const variable = variableOf(identifier, sourceCode);
  if (!variable || !singleDefinition(variable)) return [];
  return variable.references.filter((ref) => ref.isRead() && ref.identifier !== identifier).map((ref) => ref.identifier as TSESTree.Identifier);
}

/** Globals whose references rules look up (the environment and module loading). */
const INDEXED_GLOBALS = new Set(['process', 'globalThis', 'global', 'require']);
const globalRefsFor = perFileCache<string, TSESLint.Scope.Reference[]>();

/**
 * References to a global that nothing in the file declares (`process`, `globalThis`, `global`, `require`), whether
 * left unresolved or resolved to a configured global. Indexed once per file: the global scope's unresolved
 * references are walked a single time for all rules.
 */
export function globalReferences(sourceCode: SourceCode, name: 'process' | 'globalThis' | 'global' | 'require'): readonly TSESLint.Scope.Reference[] {
  const index = globalRefsFor(sourceCode);
  if (index.size === 0) {
    for (const global of INDEXED_GLOBALS) index.set(global, []);
    const globalScope = sourceCode.scopeManager?.globalScope;
    if (globalScope) {
      for (const ref of globalScope.through) index.get(ref.identifier.name)?.push(ref);
      for (const global of INDEXED_GLOBALS) {
        const variable = globalScope.set.get(global);
        if (variable && variable.defs.length === 0) index.get(global)?.push(...variable.references);
      }
    }
  }
  return index.get(name) ?? [];
}
