// module-secret-to-cache: `const X = await fetchSecret('name')` at module scope reads the secret once per process,
// so it goes stale when Vault rotates it. It becomes one module-level SecretCache around the fetcher; every use of
// X inside an async function becomes `await secrets.get('name')`, and `new Pool({ password: X })` at module scope
// gets pg's password function `() => secrets.get('name')`. Uses that cannot await (sync functions, other module
// code, exports) keep X and get a marker. Migrates what `no-module-scope-secret` reports.
import type { JSCodeshift } from 'jscodeshift';
import { DEFAULT_SECRET_FETCHERS, isCredentialGetterName, mentionsCredentialGetter, vaultSecretPathKind } from '../lib/util/secret-fetchers.js';
import {
  type AnyNode,
  type AnyPath,
  enclosingFunction,
  isInside,
  isObjectProperty,
  keyName,
  memberName,
  referencesTo,
  stringValue,
  unwrap,
} from './util/ast.js';
import { bindingOf, isGlobal, moduleRefOf } from './util/bindings.js';
import { removeStatementKeepingComments, replaceKeepingComments } from './util/comments.js';
import { addMarker } from './util/markers.js';
import { unusedName } from './util/names.js';
import { useRuntimeExport } from './util/runtime-import.js';
import { parseExpression, parseStatement, quoted, sourceOf } from './util/snippets.js';
import { programBody } from './util/statements.js';
import { type CodemodTransform, type TransformContext, asJscodeshiftTransform, nodesOf, refreshScopes } from './util/transform-kit.js';
import { isCreateVaultClientCall } from './util/vault-client.js';

const FETCHERS = new Set(DEFAULT_SECRET_FETCHERS);

const MAY_FETCH = new RegExp(
  [
    ...DEFAULT_SECRET_FETCHERS,
    String.raw`\.read\(`,
    'GetSecretValueCommand',
  ].join('|'),
  'i',
);

export const moduleSecretToCache: CodemodTransform = {
  name: 'module-secret-to-cache',
  // A fetcher's name must appear somewhere: the default list, a Vault read, AWS's command or a credential getter's name.
  mayMatch: (source) => MAY_FETCH.test(source) || mentionsCredentialGetter(source),
  apply: migrateModuleSecrets,
};

export default asJscodeshiftTransform(moduleSecretToCache);

/** One module-scope secret: the fetch, how to fetch it through a cache, and what each binding becomes. */
interface SecretPlan {
  statement: AnyPath;
  declarator: AnyPath;
  /** The cache's fetcher, as source text: `fetchSecret`, or `(name) => client.read(name)`. */
  fetcher: string;
  /** The key passed to `get`, as source text. */
  key: string;
  /** Each bound name, with the property it is read from when the declaration destructures. */
  bindings: { identifier: AnyPath; property: string | undefined }[];
  exported: boolean;
  /** 'value': `X = await fetch(...)`; 'promise': `X = fetch(...)`, awaited where it is used (CommonJS can do this). */
  mode: 'value' | 'promise';
}

type Use =
  | { kind: 'await'; reference: AnyPath; property: string | undefined }
  | { kind: 'promise'; reference: AnyPath }
  | { kind: 'password'; reference: AnyPath; property: string | undefined }
  | { kind: 'keep'; reference: AnyPath; why: string };

function migrateModuleSecrets(ctx: TransformContext): boolean {
  const { j, root } = ctx;
  const rootPath = root.paths()[0] as AnyPath;
  const found = moduleSecretDeclarations(ctx);
  let changed = false;
  for (const unkeyed of found.filter((plan): plan is UnkeyedFetch => 'unkeyed' in plan)) {
    const what = 'a secret fetched once at module load, with a key the codemod cannot follow: fetch it through a SecretCache from mcp-secrets-runtime where it is used';
    changed = addMarker(j, unkeyed.statement, what) || changed;
  }
  const plans = found.filter((plan): plan is SecretPlan => !('unkeyed' in plan)).flatMap((plan) => {
    const uses = plan.bindings.flatMap((binding) =>
      referencesTo(j, rootPath, binding.identifier).map((reference) =>
        plan.mode === 'promise' ? classifyPromiseUse(reference) : classifyUse(j, reference, binding.property),
      ),
    );
    // Without an await at the fetch, only its uses say it is a promise: every one must await it or chain on it
    // (exports aside, which get a marker). `let s = readSecrets()` read as a plain object is not ours.
    const promiseLike = uses.some((use) => use.kind === 'promise') && uses.every((use) => use.kind === 'promise' || (use.kind === 'keep' && use.why === 'exported'));
    return plan.mode === 'promise' && !promiseLike ? [] : [{ plan, uses }];
  });
  if (plans.length === 0) return changed;

  const caches = new Map<string, string>(existingCaches(ctx));
  for (const { plan, uses } of plans) {
    const kept = uses.filter((use): use is Extract<Use, { kind: 'keep' }> => use.kind === 'keep');
    const rewritable = uses.filter((use) => use.kind !== 'keep');
    if (rewritable.length === 0 && (kept.length > 0 || plan.exported)) {
      // Nothing to rewrite: say what a human must do, once, and leave the code as it is.
      changed = markKept(ctx, plan, kept, caches.get(plan.fetcher)) || changed;
      continue;
    }
    let cache = caches.get(plan.fetcher);
    if (!cache) {
      cache = declareCache(ctx, plan, kept.length > 0 || plan.exported);
      caches.set(plan.fetcher, cache);
    } else if (kept.length === 0 && !plan.exported) {
      removeStatementKeepingComments(plan.statement);
    }
    for (const use of rewritable) rewriteUse(ctx, use as Exclude<Use, { kind: 'keep' }>, cache, plan.key);
    markKept(ctx, plan, kept, cache);
    changed = true;
  }
  if (changed) refreshScopes(ctx);
  return changed;
}

// ---- finding module-scope fetches -------------------------------------------------------------------------------

/** A recognised module-scope fetch whose key is not a constant: marked, not rewritten. */
interface UnkeyedFetch {
  unkeyed: true;
  statement: AnyPath;
}

function moduleSecretDeclarations(ctx: TransformContext): (SecretPlan | UnkeyedFetch)[] {
  const { root } = ctx;
  const plans: (SecretPlan | UnkeyedFetch)[] = [];
  const body = programBody(root);
  const programPath = root.paths()[0].get('program') as AnyPath;
  body.forEach((node, index) => {
    const exported = node.type === 'ExportNamedDeclaration';
    const declaration = exported ? node.declaration : node;
    if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) return;
    const statement = programPath.get('body', index) as AnyPath;
    const declarator = (exported ? statement.get('declaration', 'declarations', 0) : statement.get('declarations', 0)) as AnyPath;
    const init = declarator.node.init && unwrap(declarator.get('init') as AnyPath);
    if (!init) return;
    const mode = init.node.type === 'AwaitExpression' ? 'value' : 'promise';
    const fetch = secretFetch(ctx, mode === 'value' ? unwrap(init.get('argument') as AnyPath) : init);
    if (fetch === 'unkeyed') {
      if (mode === 'value') plans.push({ unkeyed: true, statement });
      return;
    }
    const bindings = fetch && boundNames(declarator);
    if (!fetch || !bindings || (mode === 'promise' && bindings[0].property !== undefined)) return;
    plans.push({ statement, declarator, ...fetch, bindings, exported, mode });
  });
  return plans;
}

/** The fetcher and key of a recognised secret fetch; 'unkeyed' when its key is not a constant; else undefined. */
function secretFetch(ctx: TransformContext, call: AnyPath): { fetcher: string; key: string } | 'unkeyed' | undefined {
  const { j } = ctx;
  const node = call.node;
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.get('callee') as AnyPath);
  const name = callee.node.type === 'Identifier' ? (callee.node.name as string) : memberName(callee.node);
  if (name === undefined) return undefined;
  const args = node.arguments as AnyNode[];

  if (name === 'send' && args.length === 1) return awsSecretFetch(ctx, call);
  if (name === 'read' && callee.node.type !== 'Identifier' && args.length === 1) {
    const path = stringValue(args[0]);
    const kind = path === undefined ? undefined : vaultSecretPathKind(path);
    const onVaultClient = isVaultClient(ctx, callee.get('object') as AnyPath);
    if (kind === 'strong' || (kind === 'weak' && onVaultClient)) return keyedFetch(ctx, call, call.get('arguments', 0) as AnyPath);
    return undefined;
  }
  if (!FETCHERS.has(name) && !isCredentialGetterName(name)) return undefined;
  if (args.length === 0) {
    // A getter without a key (`await getDbPassword()`): the cache holds one entry, named after the getter.
    return { fetcher: `() => ${sourceOf(ctx, node)}`, key: quoted(ctx, name) };
  }
  const keyPath = call.get('arguments', 0) as AnyPath;
  return isStableKey(j, keyPath) ? keyedFetch(ctx, call, keyPath) : 'unkeyed';
}

/**
 * `fetchSecret('x')` -> fetcher `fetchSecret`, key `'x'`. Anything else (a method, more arguments) -> an arrow that
 * puts the key where the string was: `(name) => client.read(name)`, keeping `this` and the other arguments.
 */
function keyedFetch(ctx: TransformContext, call: AnyPath, keyPath: AnyPath): { fetcher: string; key: string } {
  const node = call.node;
  const key = sourceOf(ctx, keyPath.node);
  if (node.callee.type === 'Identifier' && node.arguments.length === 1 && node.arguments[0] === keyPath.node) {
    return { fetcher: node.callee.name as string, key };
  }
  const param = unusedName(ctx.j, ctx.root, 'name');
  const text = sourceOf(ctx, node);
  const start = (keyPath.node.start as number) - (node.start as number);
  const end = (keyPath.node.end as number) - (node.start as number);
  return { fetcher: `(${param}) => ${text.slice(0, start)}${param}${text.slice(end)}`, key };
}

/** `client.send(new GetSecretValueCommand({ SecretId: 'x' }))` (AWS SDK v3). */
function awsSecretFetch(ctx: TransformContext, call: AnyPath): { fetcher: string; key: string } | 'unkeyed' | undefined {
  const command = unwrap(call.get('arguments', 0) as AnyPath);
  if (command.node.type !== 'NewExpression' || command.node.arguments.length !== 1) return undefined;
  // As no-module-scope-secret judges it: AWS's command when imported, or anything so named when not resolvable.
  const callee = command.get('callee') as AnyPath;
  const ref = moduleRefOf(ctx.j, callee);
  const commandName = callee.node.type === 'Identifier' ? callee.node.name : memberName(callee.node);
  if (ref ? ref.module !== '@aws-sdk/client-secrets-manager' || ref.member !== 'GetSecretValueCommand' : commandName !== 'GetSecretValueCommand') {
    return undefined;
  }
  const input = unwrap(command.get('arguments', 0) as AnyPath);
  if (input.node.type !== 'ObjectExpression' || input.node.properties.length !== 1) return undefined;
  const property = input.node.properties[0] as AnyNode;
  if (!isObjectProperty(property) || keyName(property) !== 'SecretId') return undefined;
  const keyPath = input.get('properties', 0, 'value') as AnyPath;
  return isStableKey(ctx.j, keyPath) ? keyedFetch(ctx, call, keyPath) : 'unkeyed';
}

/** A key the cache can be asked for anywhere: a string literal, or a module-level const holding one. */
function isStableKey(j: JSCodeshift, path: AnyPath): boolean {
  const node = unwrap(path).node;
  if (stringValue(node) !== undefined) return true;
  if (node.type !== 'Identifier') return false;
  const binding = bindingOf(j, unwrap(path));
  return (
    binding?.kind === 'variable' &&
    stringValue(unwrap(binding.init).node) !== undefined &&
    binding.declaration.parent?.parent?.node.type === 'Program'
  );
}

/** A client from createVaultClient() or node-vault, so `client.read('team/data/x')` is a Vault read. */
function isVaultClient(ctx: TransformContext, object: AnyPath): boolean {
  const target = unwrap(object);
  if (target.node.type !== 'Identifier') return false;
  const binding = bindingOf(ctx.j, target);
  if (binding?.kind !== 'variable') return false;
  if (isCreateVaultClientCall(ctx, binding.init)) return true;
  const init = unwrap(binding.init);
  if (init.node.type !== 'CallExpression') return false;
  const ref = moduleRefOf(ctx.j, init.get('callee') as AnyPath);
  return ref?.module === 'node-vault' && ref.member === undefined;
}

/** `const X = ...` or `const { a, b: c } = ...` (plain properties only); undefined for other patterns. */
function boundNames(declarator: AnyPath): SecretPlan['bindings'] | undefined {
  const id = declarator.node.id as AnyNode;
  if (id.type === 'Identifier') return [{ identifier: declarator.get('id') as AnyPath, property: undefined }];
  if (id.type !== 'ObjectPattern') return undefined;
  const bindings: SecretPlan['bindings'] = [];
  for (const [index, property] of (id.properties as AnyNode[]).entries()) {
    const key = isObjectProperty(property) ? keyName(property) : undefined;
    if (key === undefined || property.computed || property.value.type !== 'Identifier' || !/^[A-Za-z_$][\w$]*$/.test(key)) return undefined;
    bindings.push({ identifier: declarator.get('id', 'properties', index, 'value') as AnyPath, property: key });
  }
  return bindings;
}

// ---- uses -------------------------------------------------------------------------------------------------------

const NOT_AWAITABLE_CONTAINERS = new Set(['ClassProperty', 'ClassPrivateProperty', 'PropertyDefinition', 'StaticBlock', 'TSTypeQuery']);

function classifyUse(j: JSCodeshift, reference: AnyPath, property: string | undefined): Use {
  const parent = reference.parent as AnyPath;
  if (parent.node.type === 'ExportSpecifier') return { kind: 'keep', reference, why: 'exported' };
  if (parent.node.type === 'AssignmentExpression' && reference.name === 'left') return { kind: 'keep', reference, why: 'assigned' };
  if (parent.node.type === 'UpdateExpression') return { kind: 'keep', reference, why: 'assigned' };
  const fn = enclosingFunction(reference);
  for (let current = reference.parent as AnyPath | null; current && current !== fn; current = current.parent as AnyPath | null) {
    if (NOT_AWAITABLE_CONTAINERS.has(current.node.type)) return { kind: 'keep', reference, why: 'module' };
  }
  if (!fn) {
    return isPgPassword(j, reference) ? { kind: 'password', reference, property } : { kind: 'keep', reference, why: 'module' };
  }
  if (!fn.node.async || !isInside(reference, fn.get('body') as AnyPath) || fn.node.generator) {
    return isPgPassword(j, reference) ? { kind: 'password', reference, property } : { kind: 'keep', reference, why: 'sync' };
  }
  return { kind: 'await', reference, property };
}

/** A memoised promise: `await X` and `X.then(...)` can take a fresh `secrets.get(key)` promise instead. */
function classifyPromiseUse(reference: AnyPath): Use {
  const parent = reference.parent as AnyPath;
  if (parent.node.type === 'AwaitExpression') return { kind: 'promise', reference };
  const chained = parent.node.type === 'MemberExpression' && reference.name === 'object' && ['then', 'catch', 'finally'].includes(memberName(parent.node) ?? '');
  if (chained) return { kind: 'promise', reference };
  const exported = parent.node.type === 'ExportSpecifier' || isModuleExportsValue(reference);
  return { kind: 'keep', reference, why: exported ? 'exported' : 'promise' };
}

/** `module.exports = { x }` or `module.exports = { ready: x }`. */
function isModuleExportsValue(reference: AnyPath): boolean {
  const property = reference.parent as AnyPath;
  if (!isObjectProperty(property.node) || reference.name !== 'value') return false;
  const assignment = property.parent?.parent as AnyPath | undefined;
  const target = assignment?.node.type === 'AssignmentExpression' ? assignment.node.left : undefined;
  return !!target && memberName(target) === 'exports' && target.object?.type === 'Identifier' && target.object.name === 'module';
}

/** `new Pool({ password: X })` / `new Client({ password: X })` of pg, which also accepts a password function. */
function isPgPassword(j: JSCodeshift, reference: AnyPath): boolean {
  const property = reference.parent as AnyPath;
  if (!isObjectProperty(property.node) || reference.name !== 'value' || keyName(property.node) !== 'password') return false;
  const object = property.parent as AnyPath;
  const construction = object.parent as AnyPath;
  if (construction?.node.type !== 'NewExpression' || construction.node.arguments[0] !== object.node) return false;
  const callee = construction.get('callee') as AnyPath;
  const ref = moduleRefOf(j, callee);
  if (ref) return ref.module === 'pg' && (ref.member === 'Pool' || ref.member === 'Client');
  // The seed's snippets use a bare `Pool` without importing it.
  return callee.node.type === 'Identifier' && ['Pool', 'Client'].includes(callee.node.name) && isGlobal(callee, callee.node.name);
}

// ---- edits ------------------------------------------------------------------------------------------------------

/** Module-level `const s = new SecretCache(<fetcher>)` already in the file (a second run reuses them). */
function existingCaches(ctx: TransformContext): [string, string][] {
  const { j } = ctx;
  const found: [string, string][] = [];
  nodesOf(ctx, 'VariableDeclarator').forEach((d) => {
    const init = d.node.init as AnyNode | null;
    if (d.node.id.type !== 'Identifier' || init?.type !== 'NewExpression' || init.arguments.length !== 1) return;
    if (d.parent?.parent?.node.type !== 'Program') return;
    const ref = moduleRefOf(j, d.get('init', 'callee') as AnyPath);
    if (ref?.module !== 'mcp-secrets-runtime' || ref.member !== 'SecretCache') return;
    found.push([sourceOf(ctx, init.arguments[0]), d.node.id.name as string]);
  });
  return found;
}

/** Declares the cache where the secret was fetched (replacing that statement, or after it when it must stay). */
function declareCache(ctx: TransformContext, plan: SecretPlan, keepDeclaration: boolean): string {
  const { j, root } = ctx;
  const SecretCache = sourceOf(ctx, useRuntimeExport(ctx, 'SecretCache', plan.statement)());
  const name = unusedName(j, root, 'secrets');
  const code = `const ${name} = new ${SecretCache}(${plan.fetcher});`;
  if (keepDeclaration) {
    const declaration = parseStatement(ctx, code, { spaced: true });
    const body = programBody(root);
    body.splice(body.indexOf(plan.statement.node) + 1, 0, declaration);
  } else {
    replaceKeepingComments(plan.statement, parseStatement(ctx, code));
  }
  return name;
}

function rewriteUse(ctx: TransformContext, use: Exclude<Use, { kind: 'keep' }>, cache: string, key: string): void {
  const read = `${cache}.get(${key})`;
  const property = 'property' in use ? use.property : undefined;
  const code =
    use.kind === 'promise'
      ? read
      : use.kind === 'await'
        ? property ? `(await ${read}).${property}` : `await ${read}`
        : property ? `async () => (await ${read}).${property}` : `() => ${read}`;
  const replacement = parseExpression(ctx, code);
  const parent = use.reference.parent?.node as AnyNode;
  if (isObjectProperty(parent) && parent.shorthand) parent.shorthand = false;
  use.reference.replace(replacement);
}

/** Markers for what stays: each use that cannot await, and the declaration when it has to stay. */
function markKept(ctx: TransformContext, plan: SecretPlan, kept: Extract<Use, { kind: 'keep' }>[], cache?: string): boolean {
  const { j } = ctx;
  const read = cache ? `${cache}.get(${plan.key})` : `a SecretCache from mcp-secrets-runtime`;
  const getter = cache ? `() => ${read}` : `one that reads ${read}`;
  let changed = false;
  for (const use of kept) {
    const what =
      use.why === 'sync'
        ? `this function cannot await: make it async and read ${read} here, so the secret is fresh after rotation`
        : use.why === 'assigned'
          ? `this secret is reassigned: read ${read} where it is used instead`
          : use.why === 'promise'
            ? `this promise resolved once, at module load: use ${read} here for a fresh value`
          : `module code reads this secret once: read ${read} where it is used (inside an async function)`;
    if (use.why !== 'exported') changed = addMarker(j, use.reference, what) || changed;
  }
  if (plan.exported || kept.some((use) => use.why === 'exported')) {
    changed = addMarker(j, plan.statement, `exported: other modules keep this value forever; export a getter such as ${getter} instead`) || changed;
  } else if (kept.length) {
    changed = addMarker(j, plan.statement, `still read where it cannot be awaited (marked below); delete this once they use ${read}`) || changed;
  }
  return changed;
}
