// database-url-to-dynamic-pool: a `pg` Pool built with static credentials (a connection string from the
// environment, or a password from the environment or the source) becomes mcp-secrets-runtime's
// createDynamicPgPool, which logs in with short-lived credentials from Vault's database secrets engine and replaces
// them before they expire. Migrates what `no-static-db-credentials` reports for pg pools.
import type { JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, enclosingFunction, propertiesOf, referencesTo, stringValue, unwrap } from './util/ast.js';
import { nodesUnder } from './util/node-index.js';
import { bindingOf, moduleRefOf, rootOf } from './util/bindings.js';
import { replaceKeepingComments } from './util/comments.js';
import { envVarRead } from './util/env.js';
import { removeUnusedBindingsOf } from './util/imports.js';
import { constantsUsedIn, removeUnusedLeftovers } from './util/leftovers.js';
import { addMarker } from './util/markers.js';
import { useRuntimeExport } from './util/runtime-import.js';
import { isOneLine, oneLineObject, quoted } from './util/snippets.js';
import { type CodemodTransform, type TransformContext, asJscodeshiftTransform, nodesOf, refreshScopes } from './util/transform-kit.js';
import { addVaultClient, existingVaultClient } from './util/vault-client.js';

const PG = 'pg';

/** Keys that carry the identity Vault now issues: dropped from the options. */
const CREDENTIAL_KEYS = new Set(['user', 'password']);

export const databaseUrlToDynamicPool: CodemodTransform = {
  name: 'database-url-to-dynamic-pool',
  mayMatch: (source) => /['"]pg['"]/.test(source),
  apply: migratePools,
};

export default asJscodeshiftTransform(databaseUrlToDynamicPool);

type PoolPlan =
  | { kind: 'rewrite'; kept: AnyNode[]; leakedPassword: boolean; strippedUrl: boolean; envUrl: boolean; oneLine: boolean }
  | { kind: 'mark'; what: string; at?: AnyPath };

function migratePools(ctx: TransformContext): boolean {
  const { j } = ctx;
  const planned = nodesOf(ctx, 'NewExpression').flatMap((path) => {
      const ref = moduleRefOf(j, path.get('callee') as AnyPath);
      if (ref?.module !== PG || (ref.member !== 'Pool' && ref.member !== 'Client')) return [];
      const plan = planPool(j, path, ref.member);
      if (!plan) return [];
      const rewrite = plan.kind === 'rewrite';
      return [
        {
          path,
          plan,
          client: rewrite ? existingVaultClient(ctx, path) : undefined,
          annotations: rewrite ? poolTypeAnnotations(j, path) : [],
          leftovers: rewrite ? constantsUsedIn(ctx, path) : [],
        },
      ];
    });

  let changed = false;
  let added: string | undefined;
  for (const { path, plan, client, annotations } of planned) {
    if (plan.kind === 'mark') {
      changed = addMarker(j, plan.at ?? path, plan.what) || changed;
      continue;
    }
    changed = true;
    added ??= client ? undefined : addVaultClient(ctx, path);
    const vault = client ?? added ?? 'vault';
    const createDynamicPgPool = useRuntimeExport(ctx, 'createDynamicPgPool', path);
    const head = [vault === 'vault' ? 'vault' : `vault: ${vault}`, `role: ${quoted(ctx, ctx.options.dbRole)}`];
    const headProperties = (oneLineObject(ctx, head) as AnyNode).properties as AnyNode[];
    const options = (plan.oneLine && oneLineObject(ctx, [...head, ...plan.kept])) || j.objectExpression([...headProperties, ...plan.kept] as never[]);
    replaceKeepingComments(path, j.callExpression(createDynamicPgPool() as never, [options as never]) as AnyNode);
    if (annotations.length) {
      const poolType = useRuntimeExport(ctx, 'DynamicPgPool', path);
      for (const annotation of annotations) annotation.replace(j.tsTypeReference(asTypeName(j, poolType())));
    }
    if (plan.leakedPassword || plan.strippedUrl) {
      addMarker(j, path, 'rotate the database password that was hard-coded here (it stays in git history); the pool now logs in with credentials from Vault');
    } else if (plan.envUrl) {
      // The pool ignores a user and password in the URL (with a warning), but the deployment still carries them.
      addMarker(j, path, 'set this connection string without user and password (host, port and database only) and remove the static password from the deployment');
    }
  }
  if (changed) {
    refreshScopes(ctx);
    removeUnusedBindingsOf(ctx, PG);
    refreshScopes(ctx);
    removeUnusedLeftovers(ctx, planned.flatMap((p) => p.leftovers));
  }
  return changed;
}

/** The new options, a marker when a human must finish, or undefined when the pool has no static credentials. */
function planPool(j: JSCodeshift, expression: AnyPath, member: 'Pool' | 'Client'): PoolPlan | undefined {
  const args = expression.node.arguments as AnyNode[];
  if (args.length !== 1) return undefined;
  const options = unwrap(expression.get('arguments', 0) as AnyPath);
  const object = options.node.type === 'Identifier' ? constObjectLiteral(j, options) : options.node.type === 'ObjectExpression' ? options : undefined;
  if (!object) return undefined;
  const properties = propertiesOf(object);
  const password = properties.find((p) => p.name === 'password');
  const connection = properties.find((p) => p.name === 'connectionString');
  const passwordKind = password && credentialSource(j, password.path.get('value') as AnyPath);
  const connectionKind = connection && connectionSource(j, connection.path.get('value') as AnyPath);
  const staticPassword = passwordKind === 'env' || passwordKind === 'literal';
  const staticConnection = connectionKind !== undefined && connectionKind !== 'none' && (!password || staticPassword);
  if (!staticPassword && !staticConnection) return undefined;

  if (member === 'Client') {
    return { kind: 'mark', what: 'a pg Client with static credentials: use createDynamicPgPool({ vault, role }) from mcp-secrets-runtime and pool.connect()' };
  }
  if (object !== options) {
    // Marked where the credential is written: the object may be used elsewhere too, a human decides.
    const what = `these pg options carry static credentials: drop user and password and build the pool with createDynamicPgPool({ vault, role, ...${options.node.name} }) from mcp-secrets-runtime`;
    return { kind: 'mark', what, at: object };
  }
  if (connectionKind === 'template') {
    return { kind: 'mark', what: 'build this connection string without user and password, then use createDynamicPgPool({ vault, role }) from mcp-secrets-runtime' };
  }

  const kept: AnyNode[] = [];
  let strippedUrl = false;
  for (const { name, path } of properties) {
    if (name !== undefined && CREDENTIAL_KEYS.has(name)) continue;
    if (name === 'connectionString' && connectionKind === 'literal-with-password') {
      const stripped = withoutCredentials(stringValue(unwrap(path.get('value') as AnyPath).node) as string);
      const property = j.objectProperty(j.identifier('connectionString'), j.stringLiteral(stripped)) as AnyNode;
      property.comments = path.node.comments;
      kept.push(property);
      strippedUrl = true;
      continue;
    }
    kept.push(path.node);
  }
  return {
    kind: 'rewrite',
    kept,
    leakedPassword: passwordKind === 'literal',
    strippedUrl,
    envUrl: connectionKind === 'env',
    oneLine: isOneLine(object.node),
  };
}

/** Where a password comes from: the environment, a literal in the source, or elsewhere (fine: a function, Vault). */
function credentialSource(j: JSCodeshift, value: AnyPath): 'env' | 'literal' | 'other' {
  if (envVarRead(j, value) !== undefined) return 'env';
  return literalString(j, value) !== undefined ? 'literal' : 'other';
}

type ConnectionKind = 'env' | 'literal-with-password' | 'template' | 'none';

/** A connection string from the environment, a literal with a password in it, or a template over env reads. */
function connectionSource(j: JSCodeshift, value: AnyPath): ConnectionKind {
  if (envVarRead(j, value) !== undefined) return 'env';
  const literal = literalString(j, value);
  if (literal !== undefined) return urlPassword(literal) ? 'literal-with-password' : 'none';
  const node = unwrap(value).node;
  if (node.type !== 'TemplateLiteral') return 'none';
  const readsEnv = nodesUnder(unwrap(value), 'MemberExpression').some((member) => envVarRead(j, member) !== undefined);
  return readsEnv ? 'template' : 'none';
}

function urlPassword(text: string): string | undefined {
  try {
    return new URL(text).password || undefined;
  } catch {
    return undefined;
  }
}

function withoutCredentials(text: string): string {
  const url = new URL(text);
  url.username = '';
  url.password = '';
  return url.href;
}

/** `new Pool(config)` with `const config = { ... }` in the same file. */
function constObjectLiteral(j: JSCodeshift, identifier: AnyPath): AnyPath | undefined {
  const binding = bindingOf(j, identifier);
  if (binding?.kind !== 'variable') return undefined;
  const init = unwrap(binding.init);
  return init.node.type === 'ObjectExpression' ? init : undefined;
}

function literalString(j: JSCodeshift, path: AnyPath): string | undefined {
  const p = unwrap(path);
  const direct = stringValue(p.node);
  if (direct !== undefined || p.node.type !== 'Identifier') return direct;
  const binding = bindingOf(j, p);
  return binding?.kind === 'variable' ? stringValue(unwrap(binding.init).node) : undefined;
}

/**
 * TS annotations that name pg's Pool for the variable the pool is stored in (`const pool: Pool = ...`,
 * `let pool: pg.Pool | null` assigned later) and for functions that return that variable (`getPool(): Pool`):
 * DynamicPgPool is not a subclass of pg.Pool.
 */
function poolTypeAnnotations(j: JSCodeshift, expression: AnyPath): AnyPath[] {
  const parent = expression.parent as AnyPath;
  let declarator: AnyPath | undefined;
  if (parent.node.type === 'VariableDeclarator' && expression.name === 'init') declarator = parent;
  else if (parent.node.type === 'AssignmentExpression' && parent.node.left.type === 'Identifier') {
    const binding = bindingOf(j, parent.get('left') as AnyPath);
    const declared = binding && binding.kind !== 'import' ? binding.identifier.parent : undefined;
    if (declared?.node.type === 'VariableDeclarator') declarator = declared as AnyPath;
  }
  if (!declarator || declarator.node.id.type !== 'Identifier') return [];
  const annotations = [declarator.get('id', 'typeAnnotation') as AnyPath];
  for (const reference of referencesTo(j, rootOf(declarator), declarator.get('id') as AnyPath)) {
    let value = reference;
    while (['TSNonNullExpression', 'TSAsExpression', 'ParenthesizedExpression'].includes(value.parent?.node.type)) value = value.parent as AnyPath;
    const fn = value.parent?.node.type === 'ReturnStatement' ? enclosingFunction(value) : undefined;
    if (fn?.node.returnType) annotations.push(fn.get('returnType') as AnyPath);
  }
  return annotations
    .filter((annotation) => annotation.node)
    .flatMap((annotation) => nodesUnder(annotation, 'TSTypeReference'))
    .filter((reference) => {
      const ref = typeNameRef(j, reference.get('typeName') as AnyPath);
      return ref?.module === PG && ref.member === 'Pool';
    });
}

/** Which module export a type name (`Pool`, `pg.Pool`) refers to. */
function typeNameRef(j: JSCodeshift, typeName: AnyPath): { module: string; member: string | undefined } | undefined {
  const node = typeName.node;
  if (node.type === 'Identifier') return moduleRefOf(j, typeName);
  if (node.type === 'TSQualifiedName' && node.left.type === 'Identifier') {
    const object = moduleRefOf(j, typeName.get('left') as AnyPath);
    return object && object.member === undefined ? { module: object.module, member: node.right.name } : undefined;
  }
  return undefined;
}

/** A type name for what `useRuntimeExport` returned (an identifier, or `rt.DynamicPgPool` for a namespace). */
function asTypeName(j: JSCodeshift, expression: AnyNode): never {
  if (expression.type === 'Identifier') return expression as never;
  return j.tsQualifiedName(expression.object, expression.property) as never;
}
