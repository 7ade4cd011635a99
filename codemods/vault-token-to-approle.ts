// vault-token-to-approle: a node-vault client built with a static token (from the environment or a literal), and raw
// `fetch` calls that send a static `X-Vault-Token`, become mcp-secrets-runtime's VaultClient, which logs in by
// itself (AppRole, Kubernetes or an Agent token file, from the environment) and renews or replaces its token.
// Migrates what `no-static-vault-token` and `no-hardcoded-vault-token` report.
import type { JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, enclosingStatement, memberName, propertiesOf, referencesTo, stringValue, unwrap } from './util/ast.js';
import { nodesUnder } from './util/node-index.js';
import { bindingOf, isGlobal, moduleRefOf, rootOf } from './util/bindings.js';
import { removeStatementKeepingComments, replaceKeepingComments } from './util/comments.js';
import { envVarRead } from './util/env.js';
import { removeUnusedBindingsOf } from './util/imports.js';
import { constantsUsedIn, removeUnusedLeftovers } from './util/leftovers.js';
import { addMarker } from './util/markers.js';
import { useRuntimeExport } from './util/runtime-import.js';
import { isOneLine, oneLineObject, quoted } from './util/snippets.js';
import { type CodemodTransform, type TransformContext, asJscodeshiftTransform, nodesOf, refreshScopes } from './util/transform-kit.js';
import { addVaultClient, existingVaultClient } from './util/vault-client.js';

const NODE_VAULT = 'node-vault';

/** VaultClient methods and how many arguments each takes (node-vault's extra `requestOptions` have no equivalent). */
const CLIENT_METHODS = new Map([
  ['read', 1],
  ['write', 2],
  ['delete', 1],
]);

export const vaultTokenToAppRole: CodemodTransform = {
  name: 'vault-token-to-approle',
  mayMatch: (source) => source.includes(NODE_VAULT) || /x-vault-token/i.test(source),
  apply(ctx) {
    const clients = migrateNodeVaultClients(ctx);
    const fetches = migrateRawFetches(ctx);
    return clients || fetches;
  },
};

export default asJscodeshiftTransform(vaultTokenToAppRole);

// ---- node-vault clients ----------------------------------------------------------------------------------------

type ClientPlan =
  | { kind: 'rewrite'; properties: AnyNode[]; literalToken: boolean; oneLine: boolean }
  | { kind: 'unsupported'; option: string };

function migrateNodeVaultClients(ctx: TransformContext): boolean {
  const { j } = ctx;
  // Analyse every call first: edits would leave ast-types' cached scopes behind.
  const planned = nodesOf(ctx, 'CallExpression').flatMap((path) => {
    const ref = moduleRefOf(j, path.get('callee') as AnyPath);
    if (ref?.module !== NODE_VAULT || ref.member !== undefined) return [];
    const assignments = staticTokenAssignments(ctx, path);
    const plan = planClient(j, path, assignments);
    if (!plan) return [];
    const rewrite = plan.kind === 'rewrite';
    const statements = new Set(assignments.map((assignment) => assignment.statement.node));
    return [
      {
        path,
        plan,
        assignments: rewrite ? assignments : [],
        uses: rewrite ? unsupportedUses(ctx, path).filter((use) => !statements.has(enclosingStatement(use.path)?.node as AnyNode)) : [],
        leftovers: rewrite ? [path, ...assignments.map((a) => a.statement)].flatMap((p) => constantsUsedIn(ctx, p)) : [],
      },
    ];
  });
  let changed = false;
  for (const { path, plan, uses, assignments } of planned) {
    if (plan.kind === 'unsupported') {
      const what = `replace this static-token node-vault client with createVaultClient() from mcp-secrets-runtime; its option "${plan.option}" has no automatic equivalent`;
      changed = addMarker(j, path, what) || changed;
      continue;
    }
    changed = true;
    rewriteClient(ctx, path, plan);
    for (const use of uses) addMarker(j, use.path, use.what);
    for (const { statement } of assignments) removeStatementKeepingComments(statement);
  }
  if (changed) {
    refreshScopes(ctx);
    removeUnusedBindingsOf(ctx, NODE_VAULT);
    refreshScopes(ctx);
    removeUnusedLeftovers(ctx, planned.flatMap((p) => p.leftovers));
  }
  return changed;
}

interface TokenAssignment {
  /** The `client.token = ...;` statement. */
  statement: AnyPath;
  literal: boolean;
}

/** `client.token = process.env.VAULT_TOKEN;` statements for the client this call creates. */
function staticTokenAssignments(ctx: TransformContext, call: AnyPath): TokenAssignment[] {
  const { j } = ctx;
  const declarator = call.parent as AnyPath;
  if (declarator.node.type !== 'VariableDeclarator' || call.name !== 'init' || declarator.node.id.type !== 'Identifier') return [];
  return referencesTo(j, ctx.root.paths()[0] as AnyPath, declarator.get('id') as AnyPath).flatMap((reference) => {
    const member = reference.parent as AnyPath;
    const assignment = member.parent as AnyPath | null;
    if (member.node.type !== 'MemberExpression' || reference.name !== 'object' || memberName(member.node) !== 'token') return [];
    if (assignment?.node.type !== 'AssignmentExpression' || assignment.node.operator !== '=' || member.name !== 'left') return [];
    if (assignment.parent?.node.type !== 'ExpressionStatement') return [];
    const value = assignment.get('right') as AnyPath;
    const literal = literalString(j, value) !== undefined;
    return literal || envVarRead(j, value) !== undefined ? [{ statement: assignment.parent as AnyPath, literal }] : [];
  });
}

/**
 * What the client's options become, or undefined when it is not built with a static token (in its options, or
 * assigned to `client.token` afterwards).
 */
function planClient(j: JSCodeshift, call: AnyPath, assignments: TokenAssignment[]): ClientPlan | undefined {
  const args = call.node.arguments as AnyNode[];
  if (args.length > 1 || (args.length === 0 && assignments.length === 0)) return undefined;
  const options = args.length ? unwrap(call.get('arguments', 0) as AnyPath) : undefined;
  if (options && options.node.type !== 'ObjectExpression') return undefined;
  const properties = options ? propertiesOf(options) : [];
  const token = properties.find((property) => property.name === 'token');
  const tokenValue = token?.path.get('value') as AnyPath | undefined;
  const literalOption = !!tokenValue && literalString(j, tokenValue) !== undefined;
  if (tokenValue && !literalOption && envVarRead(j, tokenValue) === undefined) return undefined;
  if (!tokenValue && assignments.length === 0) return undefined;
  const literalToken = literalOption || assignments.some((assignment) => assignment.literal);

  const kept: AnyNode[] = [];
  for (const { name, path } of properties) {
    const value = path.node.value as AnyNode | undefined;
    switch (name) {
      case 'token':
        break;
      case 'apiVersion':
        if (stringValue(unwrap(path.get('value') as AnyPath).node) !== 'v1') return { kind: 'unsupported', option: name };
        break;
      case 'endpoint':
        if (!isPlainEnvRead(j, path.get('value') as AnyPath, 'VAULT_ADDR')) kept.push(renamed(j, path.node, 'address'));
        break;
      case 'namespace':
        if (!isPlainEnvRead(j, path.get('value') as AnyPath, 'VAULT_NAMESPACE')) kept.push(renamed(j, path.node, 'namespace'));
        break;
      case 'requestOptions': {
        // Only a CA bundle carries over (VaultClient's caCert takes PEM text or a path).
        const requestOptions = value && unwrap(path.get('value') as AnyPath);
        const inner = requestOptions?.node.type === 'ObjectExpression' ? propertiesOf(requestOptions) : [];
        if (inner.length !== 1 || inner[0].name !== 'ca') return { kind: 'unsupported', option: name };
        kept.push(renamed(j, inner[0].path.node, 'caCert'));
        break;
      }
      default:
        return { kind: 'unsupported', option: name ?? '...' };
    }
  }
  return { kind: 'rewrite', properties: kept, literalToken, oneLine: !options || isOneLine(options.node) };
}

function rewriteClient(ctx: TransformContext, call: AnyPath, plan: Extract<ClientPlan, { kind: 'rewrite' }>): void {
  const { j } = ctx;
  const properties = [...plan.properties];
  if (plan.literalToken) {
    // Nothing in the environment says how this deployment authenticates yet: be explicit about AppRole.
    const appRole = useRuntimeExport(ctx, 'appRole', call);
    properties.push(j.objectProperty(j.identifier('auth'), j.callExpression(appRole() as never, [])) as AnyNode);
  }
  const createVaultClient = useRuntimeExport(ctx, 'createVaultClient', call);
  const object = plan.oneLine ? oneLineObject(ctx, properties) : undefined;
  const args = properties.length ? [object ?? j.objectExpression(properties as never[])] : [];
  const declarator = call.parent?.node.type === 'VariableDeclarator' && call.name === 'init' ? (call.parent as AnyPath) : undefined;
  replaceKeepingComments(call, j.callExpression(createVaultClient() as never, args as never[]) as AnyNode);

  if (declarator) dropNodeVaultTypeAnnotation(j, declarator);
  if (plan.literalToken) {
    addMarker(
      j,
      declarator ?? call,
      'revoke the Vault token that was hard-coded here (it stays in git history); this client now logs in with AppRole: set VAULT_ROLE_ID and VAULT_SECRET_ID_FILE',
    );
  }
}

/** `const client: NodeVault.client = ...`: node-vault's type no longer describes the value. */
function dropNodeVaultTypeAnnotation(j: JSCodeshift, declarator: AnyPath): void {
  const id = declarator.node.id as AnyNode;
  if (!id.typeAnnotation) return;
  const mentionsNodeVault = nodesUnder(declarator.get('id', 'typeAnnotation') as AnyPath, 'Identifier').some((identifier) => {
      const binding = bindingOf(j, identifier);
      return binding?.kind === 'import' && binding.module === NODE_VAULT;
    });
  if (mentionsNodeVault) id.typeAnnotation = null;
}

interface Use {
  path: AnyPath;
  what: string;
}

/** Uses of the client VaultClient does not offer (node-vault's many helper methods, `.token`), to be marked. */
function unsupportedUses(ctx: TransformContext, call: AnyPath): Use[] {
  const { j, root } = ctx;
  const declarator = call.parent as AnyPath;
  if (declarator.node.type !== 'VariableDeclarator' || call.name !== 'init' || declarator.node.id.type !== 'Identifier') return [];
  const client = declarator.node.id.name as string;
  const uses: Use[] = [];
  for (const reference of referencesTo(j, root.paths()[0] as AnyPath, declarator.get('id') as AnyPath)) {
    const member = reference.parent as AnyPath;
    if (!member || (member.node.type !== 'MemberExpression' && member.node.type !== 'OptionalMemberExpression') || reference.name !== 'object') continue;
    const name = memberName(member.node);
    if (name === undefined) continue;
    const called = member.parent?.node.type === 'CallExpression' && member.name === 'callee';
    const mark = (what: string) => uses.push({ path: member, what });
    if (name === 'token') {
      const assigned = member.parent?.node.type === 'AssignmentExpression' && member.name === 'left';
      mark(assigned ? `the runtime manages the Vault token: remove this assignment to ${client}.token` : `${client}.token is now a method: use await ${client}.token()`);
    } else if (called && CLIENT_METHODS.has(name)) {
      const args = (member.parent as AnyPath).node.arguments as AnyNode[];
      if (args.length > (CLIENT_METHODS.get(name) ?? 0)) mark(`${client}.${name}() takes no request options in mcp-secrets-runtime: move them to createVaultClient()`);
    } else if (called && /login$/i.test(name)) {
      mark(`${client} logs in by itself now (auth from the environment): remove this ${name}() call`);
    } else if (called && /^token(Renew|Lookup)Self$/.test(name)) {
      mark(`${client} renews and replaces its own token now: remove this ${name}() call`);
    } else if (!['kv', 'renewLease', 'revokeLease', 'close', ...CLIENT_METHODS.keys()].includes(name)) {
      mark(`VaultClient has no ${name}: use ${client}.read/write/delete with the Vault API path (see docs/migration.md)`);
    }
  }
  return uses;
}

// ---- raw fetch with X-Vault-Token ------------------------------------------------------------------------------

interface FetchPlan {
  /** The Vault API path after `/v1/`, as a string or template literal. */
  path: AnyNode;
  /** The environment variable the address came from. */
  addressVar: string;
}

function migrateRawFetches(ctx: TransformContext): boolean {
  const { j } = ctx;
  const planned = nodesOf(ctx, 'CallExpression').flatMap((path) => {
      if (!isFetch(j, path.get('callee') as AnyPath) || path.node.arguments.length !== 2) return [];
      const init = unwrap(path.get('arguments', 1) as AnyPath);
      if (init.node.type !== 'ObjectExpression' || !sendsStaticVaultToken(j, init)) return [];
      const plan = planFetch(j, path.get('arguments', 0) as AnyPath, init);
      const rewrite = plan && readShape(j, path);
      const clear = plan && rewrite;
      return [{ path, plan, rewrite, client: clear ? existingVaultClient(ctx, path) : undefined, leftovers: clear ? constantsUsedIn(ctx, path) : [] }];
    });
  let changed = false;
  let added: string | undefined;
  for (const { path, plan, rewrite, client } of planned) {
    if (!plan || !rewrite) {
      const what = 'read this through a VaultClient from mcp-secrets-runtime (client.read(path)) instead of fetch with a static Vault token';
      changed = addMarker(j, path, what) || changed;
      continue;
    }
    // One client per file: the first read that has none in scope adds it at module level.
    added ??= client ? undefined : addVaultClient(ctx, path, plan.addressVar === 'VAULT_ADDR' ? undefined : addressOption(ctx, plan.addressVar));
    rewrite(j.callExpression(j.memberExpression(j.identifier(client ?? added ?? 'vault'), j.identifier('read')), [plan.path as never]) as AnyNode);
    changed = true;
  }
  if (changed) {
    refreshScopes(ctx);
    removeUnusedLeftovers(ctx, planned.flatMap((p) => p.leftovers));
  }
  return changed;
}

function isFetch(j: JSCodeshift, callee: AnyPath): boolean {
  if (callee.node.type === 'Identifier' && callee.node.name === 'fetch' && isGlobal(callee, 'fetch')) return true;
  const ref = moduleRefOf(j, callee);
  return (ref?.module === 'node-fetch' && ref.member === undefined) || (ref?.module === 'undici' && ref.member === 'fetch');
}

function sendsStaticVaultToken(j: JSCodeshift, init: AnyPath): boolean {
  const headers = propertiesOf(init).find((property) => property.name === 'headers');
  const value = headers && unwrap(headers.path.get('value') as AnyPath);
  if (value?.node.type !== 'ObjectExpression') return false;
  const token = propertiesOf(value).find((property) => property.name?.toLowerCase() === 'x-vault-token');
  if (!token) return false;
  const tokenValue = token.path.get('value') as AnyPath;
  return envVarRead(j, tokenValue) !== undefined || literalString(j, tokenValue) !== undefined;
}

/** The request is a plain read of `${VAULT_ADDR}/v1/<path>`: a GET with no header VaultClient would not send. */
function planFetch(j: JSCodeshift, url: AnyPath, init: AnyPath): FetchPlan | undefined {
  for (const { name, path } of propertiesOf(init)) {
    if (name === 'method' && stringValue(unwrap(path.get('value') as AnyPath).node)?.toUpperCase() === 'GET') continue;
    if (name !== 'headers') return undefined;
    const headers = propertiesOf(unwrap(path.get('value') as AnyPath));
    if (!headers.every((header) => /^(x-vault-token|accept|content-type)$/i.test(header.name ?? ''))) return undefined;
  }
  const parts = concatenationParts(unwrap(url));
  const [address, first, ...rest] = parts ?? [];
  const addressVar = address && 'path' in address ? envVarRead(j, address.path) : undefined;
  if (addressVar === undefined || !first || !('text' in first) || !first.text.startsWith('/v1/')) return undefined;
  return { path: vaultPath(j, first.text.slice('/v1/'.length), rest), addressVar };
}

type UrlPart = { text: string } | { path: AnyPath };

/** The pieces of `${a}/v1/${b}` or `a + '/v1/' + b`, in order, with empty strings dropped. */
function concatenationParts(url: AnyPath): UrlPart[] | undefined {
  const node = url.node;
  const text = stringValue(node);
  if (text !== undefined) return text ? [{ text }] : [];
  if (node.type === 'TemplateLiteral') {
    const parts: UrlPart[] = [];
    (node.quasis as AnyNode[]).forEach((quasi, i) => {
      if (quasi.value.cooked) parts.push({ text: quasi.value.cooked as string });
      if (i < node.expressions.length) parts.push({ path: url.get('expressions', i) as AnyPath });
    });
    return parts;
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = concatenationParts(unwrap(url.get('left') as AnyPath));
    const right = concatenationParts(unwrap(url.get('right') as AnyPath));
    return left && right && [...left, ...right];
  }
  return [{ path: url }];
}

/** `'secret/data/x'`, or a template literal when the path has expressions in it. */
function vaultPath(j: JSCodeshift, head: string, rest: UrlPart[]): AnyNode {
  const quasis = [head];
  const expressions: AnyNode[] = [];
  for (const part of rest) {
    if ('text' in part) quasis[quasis.length - 1] += part.text;
    else {
      expressions.push(part.path.node);
      quasis.push('');
    }
  }
  if (expressions.length === 0) return j.stringLiteral(quasis[0]) as AnyNode;
  const elements = quasis.map((text, i) =>
    j.templateElement({ raw: text.replace(/[`\\]|\$\{/g, (m) => `\\${m}`), cooked: text }, i === quasis.length - 1),
  );
  return j.templateLiteral(elements, expressions as never[]) as AnyNode;
}

/**
 * How the response is consumed, when it is only turned into JSON: returns the edit that puts `client.read(path)` in
 * place of that JSON, or undefined when the code also looks at the response (status, headers), which needs a human.
 */
function readShape(j: JSCodeshift, fetchCall: AnyPath): ((read: AnyNode) => void) | undefined {
  const parent = fetchCall.parent as AnyPath;
  // fetch(...).then((res) => res.json())
  if (
    parent.node.type === 'MemberExpression' &&
    parent.node.object === fetchCall.node &&
    memberName(parent.node) === 'then' &&
    isCallOf(parent.parent as AnyPath, parent)
  ) {
    const then = parent.parent as AnyPath;
    return then.node.arguments.length === 1 && isJsonCallback(then.node.arguments[0]) ? (read) => replaceKeepingComments(then, read) : undefined;
  }
  if (parent.node.type !== 'AwaitExpression') return undefined;
  const awaited = parent;
  // (await fetch(...)).json()
  const outer = awaited.parent as AnyPath;
  if (
    outer.node.type === 'MemberExpression' &&
    outer.node.object === awaited.node &&
    memberName(outer.node) === 'json' &&
    isEmptyCall(outer.parent as AnyPath, outer)
  ) {
    return (read) => replaceKeepingComments(outer.parent as AnyPath, read);
  }
  // const res = await fetch(...); const body = await res.json();
  if (outer.node.type !== 'VariableDeclarator' || outer.node.id.type !== 'Identifier') return undefined;
  const declaration = outer.parent as AnyPath;
  if ((declaration.node.declarations as AnyNode[]).length !== 1) return undefined;
  const uses = referencesTo(j, rootOf(outer), outer.get('id') as AnyPath);
  if (uses.length !== 1) return undefined;
  const member = uses[0].parent as AnyPath;
  if (member.node.type !== 'MemberExpression' || uses[0].name !== 'object' || memberName(member.node) !== 'json') return undefined;
  if (!isEmptyCall(member.parent as AnyPath, member)) return undefined;
  const jsonCall = member.parent as AnyPath;
  if (jsonCall.parent?.node.type !== 'AwaitExpression' || !isNextStatement(declaration, jsonCall)) return undefined;
  return (read) => {
    replaceKeepingComments(jsonCall, read);
    removeStatementKeepingComments(declaration, { moveAttached: true }); // the read takes over what the fetch did
  };
}

function isJsonCallback(node: AnyNode): boolean {
  if (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') return false;
  const [param] = node.params as AnyNode[];
  if (node.params.length !== 1 || param.type !== 'Identifier') return false;
  let body = node.body as AnyNode;
  if (body.type === 'BlockStatement') {
    if (body.body.length !== 1 || body.body[0].type !== 'ReturnStatement') return false;
    body = body.body[0].argument;
  }
  return (
    body?.type === 'CallExpression' &&
    body.arguments.length === 0 &&
    body.callee.type === 'MemberExpression' &&
    memberName(body.callee) === 'json' &&
    body.callee.object.type === 'Identifier' &&
    body.callee.object.name === param.name
  );
}

function isCallOf(call: AnyPath | null, callee: AnyPath): boolean {
  return !!call && call.node.type === 'CallExpression' && call.node.callee === callee.node;
}

function isEmptyCall(call: AnyPath | null, callee: AnyPath): boolean {
  return isCallOf(call, callee) && call?.node.arguments.length === 0;
}

/** The statement holding `inner` comes right after `statement` in the same block. */
function isNextStatement(statement: AnyPath, inner: AnyPath): boolean {
  const siblings = statement.parentPath?.value;
  if (!Array.isArray(siblings)) return false;
  const next = siblings[siblings.indexOf(statement.node) + 1] as AnyNode | undefined;
  if (!next) return false;
  for (let current: AnyPath | null = inner; current; current = current.parent as AnyPath | null) {
    if (current.node === next) return true;
  }
  return false;
}

// ---- small helpers ---------------------------------------------------------------------------------------------

/** A string literal, directly or through a const initialised with one. */
function literalString(j: JSCodeshift, path: AnyPath): string | undefined {
  const p = unwrap(path);
  const direct = stringValue(p.node);
  if (direct !== undefined || p.node.type !== 'Identifier') return direct;
  const binding = bindingOf(j, p);
  return binding?.kind === 'variable' ? stringValue(unwrap(binding.init).node) : undefined;
}

/** `process.env.NAME` (in any spelling) with no fallback, so dropping it for the runtime's default loses nothing. */
function isPlainEnvRead(j: JSCodeshift, path: AnyPath, name: string): boolean {
  return envVarRead(j, path) === name && unwrap(path).node.type !== 'LogicalExpression';
}

function renamed(j: JSCodeshift, property: AnyNode, key: string): AnyNode {
  const copy = j.objectProperty(j.identifier(key), property.value) as AnyNode;
  copy.comments = property.comments;
  return copy;
}

function addressOption(ctx: TransformContext, name: string): AnyNode {
  const read = /^[A-Za-z_$][\w$]*$/.test(name) ? `process.env.${name}` : `process.env[${quoted(ctx, name)}]`;
  return oneLineObject(ctx, [`address: ${read}`]) as AnyNode;
}
