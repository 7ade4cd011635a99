// New code written as text and parsed with the file's own parser. Recast reprints such nodes exactly as written,
// so a short object stays on one line (`createVaultClient({ address: x })`), where recast's own printer would put
// every property on its own line. Used only for small pieces with no comments in them.
import type { TransformContext } from './transform-kit.js';
import type { AnyNode } from './ast.js';
import { printStyleOf } from './print-style.js';

/** Beyond this many characters a one-line object reads worse than recast's one-property-per-line layout. */
const MAX_ONE_LINE = 90;

const quotes = new WeakMap<TransformContext, "'" | '"'>();

/** The quote character the file mostly uses (decided once per file, from the file's own literals). */
export function quoteOf(ctx: TransformContext): "'" | '"' {
  let quote = quotes.get(ctx);
  if (!quote) {
    quote = printStyleOf(ctx.root, ctx.source).quote === 'double' ? '"' : "'";
    quotes.set(ctx, quote);
  }
  return quote;
}

/** A string literal's source text in the file's quote style. */
export function quoted(ctx: TransformContext, value: string): string {
  const quote = quoteOf(ctx);
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n');
  return `${quote}${escaped}${quote}`;
}

/** The source of an existing node as recast prints it (its original text when unchanged). */
export function sourceOf(ctx: TransformContext, node: AnyNode): string {
  return ctx.j(node as never).toSource({ quote: quoteOf(ctx) === '"' ? 'double' : 'single' });
}

/**
 * One statement from source text. With `spaced`, recast puts a blank line before and after it: it takes the spacing
 * of a reprinted statement from the text the statement was parsed from.
 */
export function parseStatement(ctx: TransformContext, code: string, options: { spaced?: boolean } = {}): AnyNode {
  const text = options.spaced ? `\n\n${code}\n\n` : code;
  return (ctx.j(text).get().node as AnyNode).program.body[0] as AnyNode;
}

/** As a call argument, not in parentheses: recast would keep parentheses it saw around the snippet. */
export function parseExpression(ctx: TransformContext, code: string): AnyNode {
  return parseStatement(ctx, `_(${code});`).expression.arguments[0] as AnyNode;
}

/**
 * `{ a, b: c }` from property texts, as an expression or (with `pattern`) as a destructuring pattern; undefined when
 * it would not fit on one line, or when a property has comments or spans lines (recast's layout keeps those).
 */
export function oneLineObject(ctx: TransformContext, properties: (AnyNode | string)[], pattern = false): AnyNode | undefined {
  const texts: string[] = [];
  for (const property of properties) {
    if (typeof property === 'string') {
      texts.push(property);
      continue;
    }
    if (property.comments?.length) return undefined;
    const text = sourceOf(ctx, property);
    if (text.includes('\n')) return undefined;
    texts.push(text);
  }
  const object = texts.length ? `{ ${texts.join(', ')} }` : '{}';
  if (object.length > MAX_ONE_LINE) return undefined;
  return pattern ? parseStatement(ctx, `const ${object} = _;`).declarations[0].id : parseExpression(ctx, object);
}

/** True when a node was written on one line in the file (new nodes count as one line). */
export function isOneLine(node: AnyNode): boolean {
  return !node.loc || node.loc.start.line === node.loc.end.line;
}
