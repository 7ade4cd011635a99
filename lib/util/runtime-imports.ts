// Fixes that make names from mcp-secrets-runtime available in a file: merged into an existing import/require from it,
// replacing a statement the fix makes useless (e.g. the node-vault import), or added once at the top.
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { propertyKeyName } from './ast.js';
import { moduleRefOf, requiredModule } from './module-refs.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export const RUNTIME_MODULE = 'mcp-secrets-runtime';

/** True when the file uses ES module syntax (or was parsed as a module). */
export function isEsModule(sourceCode: SourceCode): boolean {
  const program = sourceCode.ast;
  return program.sourceType === 'module' || program.body.some((s) => s.type === AST_NODE_TYPES.ImportDeclaration);
}

/**
 * Fixes that bring `names` into scope at `at` from mcp-secrets-runtime, or undefined when a different binding already
 * uses one of the names there. `replace` is a statement the caller made useless and that may be replaced by the import.
 */
export function runtimeImportFixes(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
  names: readonly string[],
  at: TSESTree.Node,
  replace?: TSESTree.Node,
): TSESLint.RuleFix[] | undefined {
  const missing: string[] = [];
  const scope = sourceCode.getScope(at);
  for (const name of names) {
    const variable = ASTUtils.findVariable(scope, name);
    if (!variable) {
      missing.push(name);
      continue;
    }
    const declared = variable.defs[0]?.name;
    const ref = declared?.type === AST_NODE_TYPES.Identifier ? moduleRefOf(declared, sourceCode) : undefined;
    if (ref?.source !== RUNTIME_MODULE || ref.path.length !== 1 || ref.path[0] !== name) return undefined;
  }
  if (missing.length === 0) return [];
  const program = sourceCode.ast;
  const list = missing.join(', ');
  if (isEsModule(sourceCode)) {
    const existing = program.body.find(
      (s): s is TSESTree.ImportDeclaration =>
        s.type === AST_NODE_TYPES.ImportDeclaration &&
        s.source.value === RUNTIME_MODULE &&
        s.importKind !== 'type' &&
        s.specifiers.some((spec) => spec.type === AST_NODE_TYPES.ImportSpecifier) &&
        !s.specifiers.some((spec) => spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier),
    );
    if (existing) return [fixer.insertTextAfter(existing.specifiers[existing.specifiers.length - 1], `, ${list}`)];
    const statement = `import { ${list} } from '${RUNTIME_MODULE}';`;
    if (replace) return [fixer.replaceText(replace, statement)];
    const imports = program.body.filter((s) => s.type === AST_NODE_TYPES.ImportDeclaration);
    const last = imports[imports.length - 1];
    if (last) return [fixer.insertTextAfter(last, `\n${statement}`)];
    return program.body[0] ? [fixer.insertTextBefore(program.body[0], `${statement}\n`)] : undefined;
  }
  const existing = runtimeRequirePattern(sourceCode);
  if (existing) {
    const lastProperty = existing.properties[existing.properties.length - 1];
    return lastProperty ? [fixer.insertTextAfter(lastProperty, `, ${list}`)] : undefined;
  }
  const statement = `const { ${list} } = require('${RUNTIME_MODULE}');`;
  if (replace) return [fixer.replaceText(replace, statement)];
  const first = program.body.find((s) => !(s.type === AST_NODE_TYPES.ExpressionStatement && s.directive));
  return first ? [fixer.insertTextBefore(first, `${statement}\n`)] : undefined;
}

/** `const { a, b } = require('mcp-secrets-runtime')` at the top level, when it has no rest element. */
function runtimeRequirePattern(sourceCode: SourceCode): TSESTree.ObjectPattern | undefined {
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init) continue;
      if (requiredModule(declarator.init, sourceCode) !== RUNTIME_MODULE) continue;
      const plain = declarator.id.properties.every((p) => p.type === AST_NODE_TYPES.Property && propertyKeyName(p) !== undefined);
      if (plain) return declarator.id;
    }
  }
  return undefined;
}
