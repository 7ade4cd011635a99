// Imports from `mcp-secrets-runtime`, added once: merged into an existing value import from it (never a second
// import line; `import type` lines are left alone), a property added to an existing `require` destructuring in
// CommonJS, or a namespace (`import * as rt`, `const rt = require(...)`) used as it is.
import { extname } from 'node:path';
import { type TransformContext, nodesOf } from './transform-kit.js';
import type { AnyNode, AnyPath } from './ast.js';
import { keyName, stringValue } from './ast.js';
import { isRequireCall } from './bindings.js';
import { unusedName } from './names.js';
import { isOneLine, oneLineObject, parseStatement, quoted } from './snippets.js';
import { insertAtModuleHead, programBody, topLevelStatementOf } from './statements.js';

export const RUNTIME_MODULE = 'mcp-secrets-runtime';

/** ESM when the file says so (extension, import/export syntax); CommonJS when it requires or assigns exports. */
export function isCommonJs(ctx: TransformContext): boolean {
  const extension = extname(ctx.filePath).toLowerCase();
  if (extension === '.cjs' || extension === '.cts') return true;
  if (extension === '.mjs' || extension === '.mts') return false;
  const body = programBody(ctx.root);
  const hasModuleSyntax = body.some((node) => node.type === 'ImportDeclaration' || node.type.startsWith('Export'));
  if (hasModuleSyntax) return false;
  return (
    nodesOf(ctx, 'CallExpression').some((path) => path.node.callee.type === 'Identifier' && path.node.callee.name === 'require') ||
    nodesOf(ctx, 'MemberExpression').some((path) => path.node.object.type === 'Identifier' && path.node.object.name === 'module' && path.node.property.name === 'exports')
  );
}

/**
 * Makes `name` from the runtime available at module level and returns a factory for expressions that refer to it
 * (a fresh node each time: recast must not see one node in two places).
 */
export function useRuntimeExport(ctx: TransformContext, name: string, usedAt?: AnyPath): () => AnyNode {
  if (!isCommonJs(ctx)) return importRuntimeExport(ctx, name);
  // A require runs where it stands: it must come before the first module-level statement that uses it.
  return requireRuntimeExport(ctx, name, usedAt && topLevelStatementOf(usedAt));
}

function importRuntimeExport(ctx: TransformContext, name: string): () => AnyNode {
  const { j, root } = ctx;
  // Read from the live program (not the node index): an earlier call may just have added the import.
  const programPath = root.paths()[0].get('program', 'body') as AnyPath;
  const declarations = programBody(root).flatMap((node, i) =>
    node.type === 'ImportDeclaration' && node.source.value === RUNTIME_MODULE && node.importKind !== 'type' ? [programPath.get(i) as AnyPath] : [],
  );

  for (const declaration of declarations) {
    for (const specifier of (declaration.node.specifiers ?? []) as AnyNode[]) {
      if (specifier.type === 'ImportNamespaceSpecifier') return () => j.memberExpression(j.identifier(specifier.local.name), j.identifier(name));
      if (specifier.type === 'ImportSpecifier' && specifier.importKind !== 'type' && importedName(specifier) === name) {
        const local = specifier.local?.name ?? name;
        return () => j.identifier(local);
      }
    }
  }

  const local = unusedName(j, root, name);
  // Always with `local`: ast-types' scope scan needs it (recast prints `{ x }` when both names are equal).
  const specifier = j.importSpecifier(j.identifier(name), j.identifier(local));
  const mergeable = declarations.find((declaration) => {
    const specifiers = (declaration.node.specifiers ?? []) as AnyNode[];
    return specifiers.length > 0 && !specifiers.some((s) => s.type === 'ImportNamespaceSpecifier');
  });
  if (mergeable) {
    (mergeable.node.specifiers as AnyNode[]).push(specifier);
  } else {
    const declaration = j.importDeclaration([specifier], j.stringLiteral(RUNTIME_MODULE));
    insertAtModuleHead(j, root, [declaration as AnyNode], { asImport: true });
  }
  return () => j.identifier(local);
}

function parsedProperty(ctx: TransformContext, text: string): AnyNode {
  return (oneLineObject(ctx, [text], true) as AnyNode).properties[0] as AnyNode;
}

function importedName(specifier: AnyNode): string | undefined {
  return specifier.imported?.name ?? specifier.imported?.value;
}

function requireRuntimeExport(ctx: TransformContext, name: string, beforeNode: AnyNode | undefined): () => AnyNode {
  const { j, root } = ctx;
  const programPath = root.paths()[0].get('program', 'body') as AnyPath;
  const declarators = programBody(root).flatMap((node, i) =>
    node.type === 'VariableDeclaration'
      ? (node.declarations as AnyNode[]).flatMap((declarator, d) =>
          declarator.init && isRequireCall(declarator.init) && stringValue(declarator.init.arguments[0]) === RUNTIME_MODULE
            ? [programPath.get(i, 'declarations', d) as AnyPath]
            : [],
        )
      : [],
  );

  for (const declarator of declarators) {
    const id = declarator.node.id as AnyNode;
    if (id.type === 'Identifier') return () => j.memberExpression(j.identifier(id.name), j.identifier(name));
    if (id.type !== 'ObjectPattern') continue;
    for (const property of id.properties as AnyNode[]) {
      if (keyName(property) === name && property.value?.type === 'Identifier') {
        const local = property.value.name as string;
        return () => j.identifier(local);
      }
    }
  }

  const local = unusedName(j, root, name);
  const propertyText = local === name ? name : `${name}: ${local}`;
  const declarator = declarators.find((d) => (d.node.id as AnyNode).type === 'ObjectPattern');
  if (declarator) {
    const pattern = declarator.node.id as AnyNode;
    const oneLine = isOneLine(pattern) ? oneLineObject(ctx, [...(pattern.properties as AnyNode[]), propertyText], true) : undefined;
    if (oneLine) declarator.node.id = oneLine;
    else (pattern.properties as AnyNode[]).push(parsedProperty(ctx, propertyText));
  } else {
    const declaration = parseStatement(ctx, `const { ${propertyText} } = require(${quoted(ctx, RUNTIME_MODULE)});`);
    insertAtModuleHead(j, root, [declaration], { beforeNode, asImport: true });
  }
  return () => j.identifier(local);
}
