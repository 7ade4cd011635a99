// `/* mcp-secrets: <what to do> */` above the statement a human has to finish. Added once: a statement that already
// carries the same marker gets no second one, so running a transform again changes nothing.
import type { JSCodeshift } from 'jscodeshift';
import type { AnyNode, AnyPath } from './ast.js';
import { enclosingStatement } from './ast.js';
import { MARKER_PREFIX } from './parse-check.js';

export function markerText(what: string): string {
  return `${MARKER_PREFIX} ${what}`;
}

/** True when the statement around `path` already has this marker (or any marker, when `what` is omitted). */
export function hasMarker(path: AnyPath, what?: string): boolean {
  const statement = enclosingStatement(path) ?? path;
  return ((statement.node.comments ?? []) as AnyNode[]).some((comment) => {
    const text = String(comment.value).trim();
    return what === undefined ? text.startsWith(MARKER_PREFIX) : text === markerText(what);
  });
}

/** Adds the marker above the statement that contains `path`; false when it was already there. */
export function addMarker(j: JSCodeshift, path: AnyPath, what: string): boolean {
  const statement = enclosingStatement(path) ?? path;
  if (hasMarker(statement, what)) return false;
  const comment = j.commentBlock(` ${markerText(what)} `, true, false);
  const comments = (statement.node.comments ?? []) as AnyNode[];
  // After the statement's own leading comments: the marker sits right above the code it is about.
  const lastLeading = comments.map((c) => !!c.leading).lastIndexOf(true);
  comments.splice(lastLeading + 1, 0, comment as AnyNode);
  statement.node.comments = comments;
  return true;
}
