// The frame every transform runs in: parse once with the parser the file needs, let the selected transforms edit the
// same tree, print once with recast (which reprints only changed nodes), and refuse any output that does not parse.
import jscodeshift, { type Collection, type FileInfo, type JSCodeshift, type Options, type Transform } from 'jscodeshift';
import { type MarkerLocation, markersIn, parseWith } from './parse-check.js';
import type { AnyPath } from './ast.js';
import { nodesOfType } from './node-index.js';
import { type ParserName, parserFor } from './parser.js';
import { printStyleOf } from './print-style.js';

export interface CodemodOptions {
  /** The Vault database role `createDynamicPgPool` reads credentials for (`migrate --db-role`). */
  dbRole: string;
}

export const DEFAULT_OPTIONS: CodemodOptions = { dbRole: 'mcp-app' };

export interface TransformContext {
  readonly j: JSCodeshift;
  /** The file's tree. Replaced by `refreshScopes` (the nodes stay the same objects). */
  root: Collection;
  readonly filePath: string;
  /** The file's text as parsed (without a `#!` line). */
  readonly source: string;
  readonly options: CodemodOptions;
}

/**
 * ast-types computes a scope's bindings once and caches them on the paths; after adding or removing declarations,
 * wrap the same nodes in fresh paths so later lookups see the new bindings. Transforms therefore work in phases:
 * analyse (collect plans), edit, refresh.
 */
export function refreshScopes(ctx: TransformContext): void {
  ctx.root = ctx.j(ctx.root.get().node);
}

/** The paths of every node of `type` in the file (see node-index.ts), for the current version of the tree. */
export function nodesOf(ctx: TransformContext, type: string): AnyPath[] {
  return nodesOfType(ctx.root.paths()[0] as AnyPath, type);
}

/**
 * `withParser` builds a new jscodeshift each call (copying every builder onto it), and jscodeshift's Runner hands each
 * file a fresh one: the transforms use this package's own jscodeshift, bound once per parser.
 */
const byParser = new Map<ParserName, JSCodeshift>();

function jscodeshiftFor(parser: ParserName): JSCodeshift {
  let j = byParser.get(parser);
  if (!j) byParser.set(parser, (j = jscodeshift.withParser(parser)));
  return j;
}

export interface CodemodTransform {
  readonly name: string;
  /** A cheap look at the text: false when the file cannot hold a match, so it is not even parsed. */
  mayMatch(source: string): boolean;
  /** Rewrites what it recognises in `ctx.root`; true when it changed anything (code or a marker). */
  apply(ctx: TransformContext): boolean;
}

export interface FileOutcome {
  /** The new text, or undefined when no transform changed the file. */
  output: string | undefined;
  /** Names of the transforms that changed the file, in the order they ran. */
  changedBy: string[];
  /** Markers in the new text (empty when unchanged). */
  markers: MarkerLocation[];
}

/** Why a file was left untouched: its text or our output did not parse, or a transform threw. */
export class MigrationError extends Error {
  constructor(
    readonly reason: 'parse' | 'output-parse' | 'transform',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export function runTransforms(
  file: FileInfo,
  transforms: readonly CodemodTransform[],
  options: Partial<CodemodOptions> = {},
): FileOutcome {
  const unchanged: FileOutcome = { output: undefined, changedBy: [], markers: [] };
  const candidates = transforms.filter((transform) => transform.mayMatch(file.source));
  if (candidates.length === 0) return unchanged;

  // Recast loses a `#!` line when it reprints the program's first statement: parse without it (keeping the line
  // count, so every location stays true) and put it back on the printed text.
  const shebang = /^#![^\r\n]*/.exec(file.source)?.[0] ?? '';
  const body = file.source.slice(shebang.length);
  const parser = parserFor(file.path);
  const j = jscodeshiftFor(parser);

  let root: Collection;
  try {
    root = j(body);
  } catch (error) {
    throw new MigrationError('parse', `cannot parse: ${messageOf(error)}`, { cause: error });
  }
  const directives = (root.get().node as { program: { directives?: { end: number }[] } }).program.directives;
  const directivesEnd = directives?.length ? shebang.length + directives[directives.length - 1].end : undefined;
  if (directivesEnd !== undefined) keepDirectiveSemicolons(j, root);
  const ctx: TransformContext = { j, root, filePath: file.path, source: body, options: { ...DEFAULT_OPTIONS, ...options } };
  const changedBy: string[] = [];
  for (const transform of candidates) {
    if (changedBy.length) refreshScopes(ctx);
    try {
      if (transform.apply(ctx)) changedBy.push(transform.name);
    } catch (error) {
      throw new MigrationError('transform', `${transform.name} failed: ${messageOf(error)}`, { cause: error });
    }
  }
  if (changedBy.length === 0) return unchanged;

  let output: string;
  try {
    output = shebang + ctx.root.toSource(printStyleOf(ctx.root, body));
  } catch (error) {
    throw new MigrationError('transform', `printing the rewritten file failed (${messageOf(error)}); left untouched`, { cause: error });
  }
  if (output === file.source) return unchanged;
  let reparsed;
  try {
    reparsed = parseWith(parser, output);
    const spaced = withBlankLineAfterDirectives(file.source, directivesEnd, output, reparsed);
    if (spaced !== output) {
      output = spaced;
      reparsed = parseWith(parser, output);
    }
  } catch (error) {
    throw new MigrationError('output-parse', `the rewritten file would not parse (${messageOf(error)}); left untouched`, {
      cause: error,
    });
  }
  return { output, changedBy, markers: markersIn(reparsed) };
}

/** A jscodeshift transform module's default export for one transform (`jscodeshift -t <file>` works with it). */
export function asJscodeshiftTransform(transform: CodemodTransform): Transform {
  return (file: FileInfo, _api: unknown, options: Options) => runTransforms(file, [transform], pickCodemodOptions(options)).output;
}

export function pickCodemodOptions(options: Options): Partial<CodemodOptions> {
  return typeof options.dbRole === 'string' ? { dbRole: options.dbRole } : {};
}

/**
 * Babel's Directive ('use strict';) spans its semicolon, and recast adds one when it reprints the whole program
 * (`'use strict';;`). Ending the directive at its literal makes either printing path produce exactly one.
 */
function keepDirectiveSemicolons(j: JSCodeshift, root: Collection): void {
  for (const path of nodesOfType(root.paths()[0] as AnyPath, 'Directive')) {
    const directive = path.node;
    if (directive.loc && directive.value.loc) directive.loc.end = directive.value.loc.end;
  }
}

/**
 * Recast drops the blank line after `'use strict';` whenever it reprints the program (it prints directives and the
 * body separately). Put it back when the file had one.
 */
function withBlankLineAfterDirectives(
  source: string,
  sourceEnd: number | undefined,
  output: string,
  reparsed: ReturnType<typeof parseWith>,
): string {
  const end = reparsed.program.directives?.at(-1)?.end;
  if (end === undefined || sourceEnd === undefined) return output;
  const blankAfter = (text: string, from: number) => /^[ \t]*\r?\n[ \t]*\r?\n/.test(text.slice(from));
  if (!blankAfter(source, sourceEnd) || blankAfter(output, end)) return output;
  const lineEnd = output.indexOf('\n', end);
  if (lineEnd < 0) return output;
  const newline = output[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  return output.slice(0, lineEnd + 1) + newline + output.slice(lineEnd + 1);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
