// agent-file-reader: hand-rolled parsing of KEY=VALUE files (what Vault Agent templates render), such as
// `Object.fromEntries(readFileSync(p, 'utf8').split('\n').map((l) => l.split('=')))`, cuts every value that contains
// '=' (base64 passwords end in '='). It becomes `readAgentSecrets(p)` from mcp-secrets-runtime (dotenv's parser), and a
// `watchFile`/`fs.watch` of that same file becomes `watchAgentSecrets`, which survives Agent's write-then-rename.
// Other `line.split('=')` over a file's lines get a marker. Migrates what `no-naive-secret-file-parsing` reports.
import { type AnyNode, type AnyPath, isFunction, memberName, referencesTo, stringValue, unwrap, unwrapNode } from './util/ast.js';
import { bindingOf, moduleRefOf, rootOf } from './util/bindings.js';
import { declarationsOf } from './util/scopes.js';
import { removeStatementKeepingComments, replaceKeepingComments } from './util/comments.js';
import { removeDeclarator, removeUnusedBindingsOf } from './util/imports.js';
import { addMarker } from './util/markers.js';
import { useRuntimeExport } from './util/runtime-import.js';
import { parseExpression, sourceOf } from './util/snippets.js';
import { type CodemodTransform, type TransformContext, asJscodeshiftTransform, nodesOf, refreshScopes } from './util/transform-kit.js';

export const agentFileReader: CodemodTransform = {
  name: 'agent-file-reader',
  mayMatch: (source) => source.includes('readFile') && source.includes('split('),
  apply: migrateAgentFiles,
};

export default asJscodeshiftTransform(agentFileReader);

/** Where a file's text comes from: `readFileSync(path, ...)`, maybe through a const (`const raw = ...`). */
interface FileText {
  /** The path argument's source text. */
  path: string;
  /** Consts the text or its lines came through (`const raw = readFileSync(...)`): removed once nothing reads them. */
  declarators: AnyPath[];
}

interface Rewrite {
  /** The expression or statement replaced by the reader. */
  target: AnyPath;
  kind: 'expression' | 'loop';
  text: FileText;
}

const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);

function migrateAgentFiles(ctx: TransformContext): boolean {
  const { j } = ctx;
  const rewrites = [
    ...nodesOf(ctx, 'CallExpression').flatMap((call) => fromEntriesParse(ctx, call) ?? reduceParse(ctx, call) ?? []),
    ...loopParses(ctx),
  ];
  const readPaths = new Set(rewrites.map((rewrite) => rewrite.text.path));
  const watches = nodesOf(ctx, 'CallExpression').flatMap((call) => fileWatch(ctx, call, readPaths) ?? []);

  let changed = false;
  for (const rewrite of rewrites) {
    const readAgentSecrets = sourceOf(ctx, useRuntimeExport(ctx, 'readAgentSecrets', rewrite.target)());
    const read = parseExpression(ctx, `${readAgentSecrets}(${rewrite.text.path})`);
    if (rewrite.kind === 'expression') replaceKeepingComments(rewrite.target, read);
    else {
      // `const env = {}; for (...) env[k] = v;` -> `const env = readAgentSecrets(path);`
      const [declarator, loop] = [rewrite.target.get('declarations', 0) as AnyPath, loopAfter(rewrite.target) as AnyPath];
      declarator.node.init = read;
      // What the loop's comments said (the file's format) is now about the declaration that reads the file.
      const comments = ((loop.node.comments ?? []) as AnyNode[]).filter((comment) => comment.leading);
      if (comments.length) rewrite.target.node.comments = [...(rewrite.target.node.comments ?? []), ...comments];
      loop.node.comments = null;
      removeStatementKeepingComments(loop);
    }
    changed = true;
  }
  for (const watch of watches) {
    if (watch.kind === 'mark') {
      changed = addMarker(j, watch.call, watch.what) || changed;
      continue;
    }
    const watchAgentSecrets = sourceOf(ctx, useRuntimeExport(ctx, 'watchAgentSecrets', watch.call)());
    const callback = sourceOf(ctx, watch.callback.node);
    replaceKeepingComments(watch.call, parseExpression(ctx, `${watchAgentSecrets}(${watch.path}, ${callback})`));
    changed = true;
  }
  if (changed) {
    refreshScopes(ctx);
    removeUnreadTexts(ctx, rewrites);
    removeUnusedBindingsOf(ctx, ...FS_MODULES);
    refreshScopes(ctx);
  }
  return markNaiveSplits(ctx) || changed;
}

// ---- file text and lines ----------------------------------------------------------------------------------------

/** `readFileSync(p, 'utf8')`, `(await readFile(p, 'utf8'))`, `.toString()`/`.trim()` of those, or a const holding one. */
function fileTextOf(ctx: TransformContext, path: AnyPath, depth = 0): FileText | undefined {
  const { j } = ctx;
  if (depth > 3) return undefined;
  let p = unwrap(path);
  while (p.node.type === 'CallExpression' && ['trim', 'trimEnd', 'trimStart', 'toString'].includes(memberName(p.node.callee) ?? '')) {
    p = unwrap(p.get('callee', 'object') as AnyPath);
  }
  if (p.node.type === 'AwaitExpression') p = unwrap(p.get('argument') as AnyPath);
  if (p.node.type === 'Identifier') {
    const binding = bindingOf(j, p);
    if (binding?.kind !== 'variable') return undefined;
    const text = fileTextOf(ctx, binding.init, depth + 1);
    return text && { path: text.path, declarators: [binding.declaration, ...text.declarators] };
  }
  if (p.node.type !== 'CallExpression' || p.node.arguments.length === 0) return undefined;
  const ref = moduleRefOf(j, p.get('callee') as AnyPath);
  if (!ref || !FS_MODULES.has(ref.module) || (ref.member !== 'readFileSync' && ref.member !== 'readFile')) return undefined;
  if (ref.member === 'readFile' && !ref.module.endsWith('promises')) return undefined; // the callback API
  return { path: sourceOf(ctx, p.node.arguments[0]), declarators: [] };
}

/**
 * The lines of a file: `<text>.split('\n')` (or `/\r?\n/`), then any `.filter(...)` and `.map((l) => l.trim())`.
 * Filters drop blank and comment lines; dotenv's parser skips those too.
 */
function linesOf(ctx: TransformContext, path: AnyPath, depth = 0): FileText | undefined {
  if (depth > 8) return undefined;
  const p = unwrap(path);
  if (p.node.type === 'Identifier') {
    const binding = bindingOf(ctx.j, p);
    if (binding?.kind !== 'variable') return undefined;
    const lines = linesOf(ctx, binding.init, depth + 1);
    return lines && { path: lines.path, declarators: [binding.declaration, ...lines.declarators] };
  }
  if (p.node.type !== 'CallExpression') return undefined;
  const method = memberName(p.node.callee);
  if (method === 'split') {
    return isNewlineSeparator(p.node.arguments[0]) && p.node.arguments.length === 1 ? fileTextOf(ctx, p.get('callee', 'object') as AnyPath) : undefined;
  }
  if (method !== 'filter' && !(method === 'map' && isTrimCallback(p.node.arguments[0]))) return undefined;
  return linesOf(ctx, p.get('callee', 'object') as AnyPath, depth + 1);
}

function isNewlineSeparator(node: AnyNode | undefined): boolean {
  if (!node) return false;
  const text = stringValue(node);
  if (text !== undefined) return text === '\n' || text === '\r\n';
  return (node.type === 'RegExpLiteral' || node.type === 'Literal') && ['\\n', '\\r?\\n', '\\r\\n'].includes(node.pattern ?? node.regex?.pattern);
}

/** `(l) => l.trim()` */
function isTrimCallback(node: AnyNode | undefined): boolean {
  const param = singleParam(node);
  const body = param && returnedExpression(node as AnyNode);
  return !!body && body.type === 'CallExpression' && memberName(body.callee) === 'trim' && isIdentifier(body.callee.object, param);
}

/** `(l) => l.split('=')`, `l.trim().split('=', 2)`, with TS casts: the naive split into [key, value]. */
function isKeyValueSplitCallback(node: AnyNode | undefined): boolean {
  const param = singleParam(node);
  const body = param && returnedExpression(node as AnyNode);
  return !!body && isEqualsSplitOf(body, param);
}

function isEqualsSplitOf(expression: AnyNode, name: string): boolean {
  const split = unwrapNode(expression);
  if (split.type !== 'CallExpression' || memberName(split.callee) !== 'split' || stringValue(split.arguments[0]) !== '=') return false;
  if (split.arguments.length > 2) return false;
  let object = unwrapNode(split.callee.object);
  if (object.type === 'CallExpression' && memberName(object.callee) === 'trim') object = unwrapNode(object.callee.object);
  return isIdentifier(object, name);
}

// ---- the parse shapes --------------------------------------------------------------------------------------------

/** `Object.fromEntries(<lines>.map((l) => l.split('=')))` */
function fromEntriesParse(ctx: TransformContext, call: AnyPath): Rewrite | undefined {
  const node = call.node;
  if (memberName(node.callee) !== 'fromEntries' || !isIdentifier(node.callee.object, 'Object') || node.arguments.length !== 1) return undefined;
  const map = unwrap(call.get('arguments', 0) as AnyPath);
  if (map.node.type !== 'CallExpression' || memberName(map.node.callee) !== 'map' || !isKeyValueSplitCallback(map.node.arguments[0])) return undefined;
  const text = linesOf(ctx, map.get('callee', 'object') as AnyPath);
  return text && { target: call, kind: 'expression', text };
}

/** `<lines>.reduce((acc, line) => { const [k, v] = line.split('='); acc[k] = v; return acc; }, {})` */
function reduceParse(ctx: TransformContext, call: AnyPath): Rewrite | undefined {
  const node = call.node;
  if (memberName(node.callee) !== 'reduce' || node.arguments.length !== 2) return undefined;
  const [callback, initial] = node.arguments as AnyNode[];
  if (unwrapNode(initial).type !== 'ObjectExpression' || unwrapNode(initial).properties.length !== 0) return undefined;
  if (!isFunction(callback) || callback.params.length !== 2 || callback.body.type !== 'BlockStatement') return undefined;
  const [acc, line] = callback.params as AnyNode[];
  if (acc.type !== 'Identifier' || line.type !== 'Identifier') return undefined;
  const statements = callback.body.body as AnyNode[];
  const last = statements[statements.length - 1];
  if (last?.type !== 'ReturnStatement' || !isIdentifier(last.argument, acc.name)) return undefined;
  if (!isKeyValueBody(statements.slice(0, -1), line.name, acc.name)) return undefined;
  const text = linesOf(ctx, call.get('callee', 'object') as AnyPath);
  return text && { target: call, kind: 'expression', text };
}

/** `const env = {};` followed by `for (const line of <lines>) {...}` or `<lines>.forEach((line) => {...})`. */
function loopParses(ctx: TransformContext): Rewrite[] {
  return nodesOf(ctx, 'VariableDeclaration').flatMap((d) => {
      const [declarator] = d.node.declarations as AnyNode[];
      if (d.node.declarations.length !== 1 || declarator.id.type !== 'Identifier') return [];
      const init = declarator.init && unwrapNode(declarator.init);
      if (init?.type !== 'ObjectExpression' || init.properties.length !== 0) return [];
      const loop = loopAfter(d);
      const text = loop && keyValueLoop(ctx, loop, declarator.id.name as string);
      return text ? [{ target: d, kind: 'loop' as const, text }] : [];
    });
}

/** The statement right after `statement` in its block. */
function loopAfter(statement: AnyPath): AnyPath | undefined {
  const list = statement.parentPath as AnyPath;
  if (!Array.isArray(list.value)) return undefined;
  const index = list.value.indexOf(statement.node);
  return index >= 0 && index + 1 < list.value.length ? (list.get(index + 1) as AnyPath) : undefined;
}

function keyValueLoop(ctx: TransformContext, loop: AnyPath, target: string): FileText | undefined {
  const node = loop.node;
  if (node.type === 'ForOfStatement') {
    const left = node.left as AnyNode;
    const line = left.type === 'VariableDeclaration' ? left.declarations[0].id : undefined;
    if (line?.type !== 'Identifier' || node.body.type !== 'BlockStatement') return undefined;
    if (!isKeyValueBody(node.body.body, line.name, target)) return undefined;
    return linesOf(ctx, loop.get('right') as AnyPath);
  }
  if (node.type !== 'ExpressionStatement' || node.expression.type !== 'CallExpression') return undefined;
  const call = node.expression;
  if (memberName(call.callee) !== 'forEach' || call.arguments.length !== 1) return undefined;
  const callback = call.arguments[0] as AnyNode;
  if (!isFunction(callback) || callback.params.length !== 1 || callback.params[0].type !== 'Identifier' || callback.body.type !== 'BlockStatement') {
    return undefined;
  }
  if (!isKeyValueBody(callback.body.body, callback.params[0].name, target)) return undefined;
  return linesOf(ctx, loop.get('expression', 'callee', 'object') as AnyPath);
}

/**
 * `const [k, v] = line.split('='); target[k] = v;`, where the assignment may be guarded (`if (k) ...`) and blank
 * lines skipped first (`if (!line) continue;`): everything dotenv's parser does as well.
 */
function isKeyValueBody(statements: AnyNode[], line: string, target: string): boolean {
  const rest = statements.filter((statement) => !isSkipGuard(statement));
  if (rest.length !== 2) return false;
  const [declaration, assignment] = rest;
  if (declaration.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) return false;
  const { id, init } = declaration.declarations[0];
  if (id.type !== 'ArrayPattern' || id.elements.length !== 2 || !init || !isEqualsSplitOf(init, line)) return false;
  const [key, value] = id.elements as AnyNode[];
  if (key?.type !== 'Identifier' || value?.type !== 'Identifier') return false;
  const store = assignment.type === 'IfStatement' && !assignment.alternate ? onlyStatement(assignment.consequent) : assignment;
  const expression = store?.type === 'ExpressionStatement' ? store.expression : undefined;
  if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=') return false;
  const left = expression.left;
  return (
    left.type === 'MemberExpression' &&
    left.computed &&
    isIdentifier(left.object, target) &&
    isIdentifier(trimmed(left.property), key.name) &&
    isIdentifier(trimmed(expression.right), value.name)
  );
}

/** `if (!line) continue;`, `if (!line.trim()) return;`, `if (line.startsWith('#')) continue;` */
function isSkipGuard(statement: AnyNode): boolean {
  if (statement.type !== 'IfStatement' || statement.alternate) return false;
  const jump = onlyStatement(statement.consequent);
  return jump?.type === 'ContinueStatement' || (jump?.type === 'ReturnStatement' && !jump.argument);
}

function onlyStatement(node: AnyNode): AnyNode | undefined {
  if (node.type !== 'BlockStatement') return node;
  return node.body.length === 1 ? node.body[0] : undefined;
}

function trimmed(node: AnyNode): AnyNode {
  const n = unwrapNode(node);
  return n.type === 'CallExpression' && memberName(n.callee) === 'trim' && n.arguments.length === 0 ? unwrapNode(n.callee.object) : n;
}

// ---- watching ---------------------------------------------------------------------------------------------------

type Watch = { kind: 'rewrite'; call: AnyPath; path: string; callback: AnyPath } | { kind: 'mark'; call: AnyPath; what: string };

/** `watchFile(p, [options], () => {...})` or `fs.watch(p, ...)` of a file the code now reads with readAgentSecrets. */
function fileWatch(ctx: TransformContext, call: AnyPath, readPaths: Set<string>): Watch | undefined {
  const ref = moduleRefOf(ctx.j, call.get('callee') as AnyPath);
  if (!ref || !FS_MODULES.has(ref.module) || (ref.member !== 'watchFile' && ref.member !== 'watch')) return undefined;
  const args = call.node.arguments as AnyNode[];
  const path = args[0] && sourceOf(ctx, args[0]);
  if (!path || !readPaths.has(path)) return undefined;
  const callbackIndex = args.length - 1;
  const callback = args[callbackIndex];
  const statement = call.parent?.node.type === 'ExpressionStatement';
  if (args.length < 2 || args.length > 3 || !isFunction(callback) || callback.params.length > 0 || !statement) {
    return { kind: 'mark', call, what: `watch this file with watchAgentSecrets(${path}, onChange) from mcp-secrets-runtime: it follows Vault Agent's write-then-rename` };
  }
  return { kind: 'rewrite', call, path, callback: call.get('arguments', callbackIndex) as AnyPath };
}

// ---- clean-up and markers ---------------------------------------------------------------------------------------

/** `const raw = readFileSync(...)`, `const lines = raw.split('\n')`: removed when nothing reads them any more. */
function removeUnreadTexts(ctx: TransformContext, rewrites: Rewrite[]): void {
  // The chain is recorded outermost first (lines, then raw): removing `lines` can leave `raw` unread.
  for (const declarator of new Set(rewrites.flatMap((rewrite) => rewrite.text.declarators.map((d) => d.node)))) {
    const path = nodesOf(ctx, 'VariableDeclarator').find((p) => p.node === declarator);
    if (path?.node.id.type !== 'Identifier' || referencesTo(ctx.j, rootOf(path), path.get('id') as AnyPath).length) continue;
    removeDeclarator(path);
    refreshScopes(ctx); // the next one may have been read only by this one
  }
}

/** Every other `line.split('=')` over the lines of a file read from disk: a human picks the reader. */
function markNaiveSplits(ctx: TransformContext): boolean {
  const { j } = ctx;
  let changed = false;
  nodesOf(ctx, 'CallExpression').forEach((path) => {
    const node = path.node;
    if (memberName(node.callee) !== 'split' || stringValue(node.arguments[0]) !== '=' || node.arguments.length > 2) return;
    const line = unwrap(path.get('callee', 'object') as AnyPath);
    const target = line.node.type === 'CallExpression' && memberName(line.node.callee) === 'trim' ? unwrap(line.get('callee', 'object') as AnyPath) : line;
    if (target.node.type !== 'Identifier' || !isLineOfFile(ctx, target)) return;
    const what = "parse this file with readAgentSecrets(path) from mcp-secrets-runtime: split('=') cuts values that contain '='";
    changed = addMarker(j, path, what) || changed;
  });
  return changed;
}

/** A callback parameter or `for...of` variable that walks the lines of a file. */
function isLineOfFile(ctx: TransformContext, identifier: AnyPath): boolean {
  const name = identifier.node.name as string;
  const declared = declarationsOf(identifier, name)[0] as AnyPath | undefined;
  const owner = declared?.parent as AnyPath | undefined;
  if (!owner) return false;
  if (isFunction(owner.node) && declared?.name === 0) {
    const call = owner.parent as AnyPath;
    const method = call?.node.type === 'CallExpression' ? memberName(call.node.callee) : undefined;
    return !!method && ['map', 'forEach', 'filter', 'flatMap'].includes(method) && !!linesOf(ctx, call.get('callee', 'object') as AnyPath);
  }
  const loop = owner.parent?.parent as AnyPath | undefined;
  return loop?.node.type === 'ForOfStatement' && !!linesOf(ctx, loop.get('right') as AnyPath);
}

// ---- small helpers ------------------------------------------------------------------------------------------------

function singleParam(node: AnyNode | undefined): string | undefined {
  if (!node || !isFunction(node) || node.params.length !== 1 || node.params[0].type !== 'Identifier') return undefined;
  return node.params[0].name as string;
}

function returnedExpression(fn: AnyNode): AnyNode | undefined {
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const [only] = fn.body.body as AnyNode[];
  return fn.body.body.length === 1 && only.type === 'ReturnStatement' ? only.argument : undefined;
}

function isIdentifier(node: AnyNode | null | undefined, name: string): boolean {
  const n = node && unwrapNode(node);
  return n?.type === 'Identifier' && n.name === name;
}
