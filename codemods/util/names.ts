// Fresh names for what a transform adds (`vault`, `secrets`): a name no identifier in the file uses yet, so it can
// neither shadow nor be shadowed anywhere.
import type { Collection, JSCodeshift } from 'jscodeshift';

export function isNameUnused(j: JSCodeshift, root: Collection, name: string): boolean {
  return root.find(j.Identifier, { name }).size() === 0 && root.find(j.JSXIdentifier, { name }).size() === 0;
}

export function unusedName(j: JSCodeshift, root: Collection, base: string): string {
  if (isNameUnused(j, root, base)) return base;
  for (let i = 2; ; i++) if (isNameUnused(j, root, `${base}${i}`)) return `${base}${i}`;
}
