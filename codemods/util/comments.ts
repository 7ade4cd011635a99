// Keeping comments with the code they describe when nodes are replaced or removed.
import type { AnyNode, AnyPath } from './ast.js';

/** Replaces the node at `path`, moving its comments to the replacement. */
export function replaceKeepingComments(path: AnyPath, replacement: AnyNode): void {
  const comments = path.node.comments as AnyNode[] | undefined;
  if (comments?.length) adoptComments(replacement, comments);
  path.replace(replacement);
}

/**
 * Gives `node` comments from the file. A node parsed from a snippet (snippets.ts) carries the snippet's positions, and
 * recast measures a statement's surroundings from its own positions and its comments' together: mixed, they point
 * into two different texts. Such a node forgets its position (its children keep their snippet text).
 */
export function adoptComments(node: AnyNode, comments: AnyNode[], where: 'before' | 'after' = 'after'): void {
  if (node.loc && comments.some((comment) => comment.loc && comment.loc.lines !== node.loc.lines)) node.loc = null;
  node.comments = where === 'before' ? [...comments, ...(node.comments ?? [])] : [...(node.comments ?? []), ...comments];
}

/**
 * Removes a statement. Comments that stand apart from it (a blank line between: a file header, a section title) move
 * to the statement after it (or before it when it is the last one). Comments attached to it describe the code that
 * goes, and go with it, unless `moveAttached` says the next statement takes over its job. The comments above a
 * file's first statement are the file's own and always stay.
 */
export function removeStatementKeepingComments(path: AnyPath, options: { moveAttached?: boolean } = {}): void {
  const list = path.parentPath as AnyPath;
  if (!Array.isArray(list.value)) {
    path.prune();
    return;
  }
  const siblings = list.value as AnyNode[];
  const index = siblings.indexOf(path.node);
  const fileHead = index === 0 && list.parentPath?.node.type === 'Program';
  const comments =
    options.moveAttached || fileHead
      ? ((path.node.comments ?? []) as AnyNode[]).filter((comment) => comment.leading)
      : detachedLeadingComments(path.node);
  const heir = siblings[index + 1] ?? siblings[index - 1];
  if (comments.length && heir) {
    if (index + 1 < siblings.length) adoptComments(heir, comments, 'before');
    else adoptComments(heir, comments.map(asTrailing));
  }
  path.prune();
}

function asTrailing(comment: AnyNode): AnyNode {
  return { ...comment, leading: false, trailing: true };
}

/** The leading comments of `node` that stand apart from it (a blank line between): a file header, not its doc. */
export function detachedLeadingComments(node: AnyNode): AnyNode[] {
  const leading = ((node.comments ?? []) as AnyNode[]).filter((comment) => comment.leading);
  let lastDetached = -1;
  leading.forEach((comment, i) => {
    const nextLine = i + 1 < leading.length ? leading[i + 1].loc?.start.line : node.loc?.start.line;
    if (comment.loc && nextLine !== undefined && nextLine - comment.loc.end.line > 1) lastDetached = i;
  });
  return leading.slice(0, lastDetached + 1);
}
