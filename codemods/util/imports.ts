// Removing imports and requires of a module once a transform has replaced every use of them (a careful engineer
// would not leave `import vault from 'node-vault'` behind unused).
import type { TransformContext } from './transform-kit.js';
import { type AnyNode, type AnyPath, referencesTo, stringValue } from './ast.js';
import { isRequireCall } from './bindings.js';
import { removeStatementKeepingComments } from './comments.js';
import { isOneLine, oneLineObject } from './snippets.js';
import { nodesOf } from './transform-kit.js';

/** Removes bindings of `module` nothing refers to any more; true when something was removed. Call after `refreshScopes`. */
export function removeUnusedBindingsOf(ctx: TransformContext, ...modules: string[]): boolean {
  const { j, root } = ctx;
  const rootPath = root.paths()[0] as AnyPath;
  const unused = (identifier: AnyPath) => referencesTo(j, rootPath, identifier).length === 0;
  let removed = false;

  const ofModule = (name: unknown) => modules.includes(name as string);
  nodesOf(ctx, 'ImportDeclaration').forEach((d) => {
    if (!d.node || !ofModule(d.node.source.value)) return;
    const specifiers = (d.node.specifiers ?? []) as AnyNode[];
    if (specifiers.length === 0) return; // `import 'x'` is there for its side effects
    const keep = specifiers.filter((_, i) => !unused(d.get('specifiers', i, 'local') as AnyPath));
    if (keep.length === specifiers.length) return;
    removed = true;
    if (keep.length === 0) removeStatementKeepingComments(d);
    else d.node.specifiers = keep;
  });

  nodesOf(ctx, 'TSImportEqualsDeclaration').forEach((d) => {
    if (!d.node) return;
    const reference = d.node.moduleReference as AnyNode;
    if (reference.type !== 'TSExternalModuleReference' || !ofModule(stringValue(reference.expression))) return;
    if (!unused(d.get('id') as AnyPath)) return;
    removed = true;
    removeStatementKeepingComments(d);
  });

  nodesOf(ctx, 'VariableDeclarator').forEach((d) => {
    if (!d.node) return;
    const init = d.node.init as AnyNode | null;
    if (!init || !isRequireCall(init) || !ofModule(stringValue(init.arguments[0]))) return;
    const id = d.node.id as AnyNode;
    if (id.type === 'Identifier') {
      if (!unused(d.get('id') as AnyPath)) return;
    } else if (id.type === 'ObjectPattern') {
      const properties = id.properties as AnyNode[];
      const keep = properties.filter(
        (property, i) => property.type === 'RestElement' || property.value?.type !== 'Identifier' || !unused(d.get('id', 'properties', i, 'value') as AnyPath),
      );
      if (keep.length === properties.length) return;
      if (keep.length > 0) {
        setPatternProperties(ctx, d, keep);
        removed = true;
        return;
      }
    } else {
      return;
    }
    removed = true;
    removeDeclarator(d);
  });
  return removed;
}

/** Removes one property from a declarator's object pattern (a one-line pattern stays on one line). */
export function removePatternProperty(ctx: TransformContext, declarator: AnyPath, index: number): void {
  const properties = (declarator.node.id.properties as AnyNode[]).filter((_, i) => i !== index);
  setPatternProperties(ctx, declarator, properties);
}

function setPatternProperties(ctx: TransformContext, declarator: AnyPath, properties: AnyNode[]): void {
  const pattern = declarator.node.id as AnyNode;
  const oneLine = isOneLine(pattern) && !pattern.typeAnnotation ? oneLineObject(ctx, properties, true) : undefined;
  if (oneLine) declarator.node.id = oneLine;
  else pattern.properties = properties;
}

/** Removes one declarator, or its whole declaration (keeping comments) when it was the only one. */
export function removeDeclarator(declarator: AnyPath): void {
  const declaration = declarator.parent as AnyPath;
  if ((declaration.node.declarations as AnyNode[]).length > 1) declarator.prune();
  else removeStatementKeepingComments(declaration);
}
