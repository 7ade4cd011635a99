// Scope lookups through ast-types, minus one of its bugs: a `catch {}` without a parameter (ES2019) makes its scope
// scan assert ("null does not match type Pattern"). Such a catch clause binds nothing, so the lookup skips it.
import type { AnyPath } from './ast.js';

interface Scope {
  node: { type: string; param?: unknown };
  parent: Scope | null;
  declares(name: string): boolean;
  getBindings(): Record<string, AnyPath[]>;
}

/** The scope that declares `name` as seen from `path`, or undefined for a global (or unknown) name. */
export function declaringScope(path: AnyPath, name: string): Scope | undefined {
  for (let scope = path.scope as Scope | null; scope; scope = scope.parent) {
    if (scope.node.type === 'CatchClause' && !scope.node.param) continue;
    if (scope.declares(name)) return scope;
  }
  return undefined;
}

/** The paths that declare `name` in the scope that declares it as seen from `path`. */
export function declarationsOf(path: AnyPath, name: string): AnyPath[] {
  return declaringScope(path, name)?.getBindings()[name] ?? [];
}
