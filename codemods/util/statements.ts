// Where module-level statements a transform adds go: after the imports and requires at the head of the file.
import type { Collection, JSCodeshift } from 'jscodeshift';
import type { AnyNode } from './ast.js';
import { isRequireCall } from './bindings.js';
import { adoptComments, detachedLeadingComments } from './comments.js';

export function programBody(root: Collection): AnyNode[] {
  return (root.get().node as AnyNode).program.body as AnyNode[];
}

/** True for `import ...`, `import x = require()`, and declarations whose every initialiser is a `require(...)`. */
export function isHeadStatement(node: AnyNode): boolean {
  if (node.type === 'ImportDeclaration' || node.type === 'TSImportEqualsDeclaration') return true;
  if (node.type !== 'VariableDeclaration') return false;
  return (node.declarations as AnyNode[]).every((declarator) => declarator.init && requiresModule(declarator.init));
}

function requiresModule(node: AnyNode): boolean {
  if (isRequireCall(node)) return true;
  if (node.type === 'MemberExpression') return requiresModule(node.object);
  if (node.type === 'CallExpression') return requiresModule(node.callee);
  return false;
}

/** The module a head statement imports or requires. */
function headSource(node: AnyNode): string | undefined {
  if (node.type === 'ImportDeclaration') return node.source.value as string;
  if (node.type === 'TSImportEqualsDeclaration') return node.moduleReference.expression?.value as string | undefined;
  let init = node.declarations?.[0]?.init as AnyNode | undefined;
  while (init && !isRequireCall(init)) init = init.type === 'MemberExpression' ? init.object : init.callee;
  return init?.arguments[0].value as string | undefined;
}

/**
 * Inserts statements after the head (imports, requires), but before `beforeNode` (a module-level statement that
 * must see them) when that comes first. With `asImport`, the statement joins the package imports instead: after the
 * last import of a package, or before the first relative one, as import sorters order them. At the very top, a
 * detached file header comment stays above the new code.
 */
export function insertAtModuleHead(
  _j: JSCodeshift,
  root: Collection,
  statements: AnyNode[],
  options: { beforeNode?: AnyNode; asImport?: boolean } = {},
): void {
  const body = programBody(root);
  const heads = body.flatMap((node, i) => (isHeadStatement(node) ? [i] : []));
  let index = heads.length ? heads[heads.length - 1] + 1 : 0;
  if (options.asImport && heads.length) {
    const packages = heads.filter((i) => !/^[./]/.test(headSource(body[i]) ?? '.'));
    index = packages.length ? packages[packages.length - 1] + 1 : heads[0];
  }
  if (options.beforeNode) {
    const limit = body.indexOf(options.beforeNode);
    if (limit >= 0 && limit < index) index = limit;
  }
  if (index === 0 && body.length > 0) {
    const first = body[0];
    const header = detachedLeadingComments(first);
    if (header.length) {
      first.comments = (first.comments as AnyNode[]).filter((comment) => !header.includes(comment));
      adoptComments(statements[0], header, 'before');
    }
  }
  body.splice(index, 0, ...statements);
}

/** The module-level statement that contains `node`'s path root-ward (for insertion limits). */
export function topLevelStatementOf(path: { node: AnyNode; parent: unknown }): AnyNode | undefined {
  let current = path as { node: AnyNode; parent: unknown } | null;
  while (current) {
    const parent = current.parent as { node: AnyNode; parent: unknown } | null;
    if (parent?.node.type === 'Program') return current.node;
    current = parent;
  }
  return undefined;
}
