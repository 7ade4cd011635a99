// Reports secrets fetched once at module load and kept in a module-scope binding, and pools/clients built from such
// a binding at module scope. Module code runs once per process: when Vault rotates the secret (or its lease ends),
// the binding still holds the old value and the server keeps failing until someone restarts it.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, literalMemberName, staticStringOf, unwrap } from '../util/ast.js';
import { walk } from '../util/ast-walk.js';
import { variableOf } from '../util/bindings.js';
import { createRule, perConfiguration } from '../util/create-rule.js';
import { fileMatchesGlobs } from '../util/file-globs.js';
import { moduleRefOf } from '../util/module-refs.js';
import { DEFAULT_SECRET_FETCHERS, isCredentialGetterName, mentionsCredentialGetter, vaultSecretPathKind } from '../util/secret-fetchers.js';
import { nameWords } from '../util/secret-names.js';
import { anyWord, CREDENTIAL_TEXT, sourceMentions, type TextGate } from '../util/source-gate.js';
import { isHashiVaultJsInstance, isLitehexClientCall, isNodeVaultFactoryCall, nodeVaultClientCall } from '../util/vault-clients.js';

type MessageIds = 'moduleScopeSecret' | 'clientFromModuleSecret';
type Options = [{ fetchers?: string[]; credentialGetters?: boolean; allow?: string[] }];
type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/**
 * Config files (`vite.config.ts`, `.eslintrc.cjs`) run once by a tool, not by a long-lived server: fetching a
 * secret there is fine. A name test, because this runs for every file linted.
 */
const CONFIG_FILE = /(?:^|[\\/])(?:[^\\/]+\.config\.[cm]?[jt]s|\.[\w-]+rc\.[cm]?js)$/;

/** Calls that build a client or pool: `createClient`, `connect`, `postgres`, `knex`, `mysql.createPool`... */
const CLIENT_FACTORY_NAME = /^(?:create|make|build|connect|init|open)(?:[A-Z_]|$)|(?:client|pool|connection|knex|postgres|sql|vault|redis|mongo|sequelize|db)$/i;

/** Promise combinators whose array elements end up in the awaited value. */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled']);

/** A secret fetch found in the code, with what the message says about it. */
interface Fetch {
  call: TSESTree.CallExpression;
  description: string;
  /** Matched by name pattern only (`getDbPassword`): trusted only when awaited or chained, i.e. clearly async. */
  byPattern: boolean;
}

export default createRule<Options, MessageIds>({
  name: 'no-module-scope-secret',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow fetching a secret once at module load and keeping it in a module-scope binding, where it goes stale after rotation',
      recommended: true,
      declarationFiles: false,
    },
    schema: [
      {
        type: 'object',
        properties: {
          fetchers: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Callee names (last name segment) that fetch a secret. Replaces the default list.',
          },
          credentialGetters: {
            type: 'boolean',
            description: 'Also treat awaited calls named like getDbPassword / fetchApiKey / loadCredentials as secret fetches.',
          },
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Globs (relative to the ESLint cwd) of files where module-scope fetches are fine, e.g. one-shot scripts/**.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ fetchers: [...DEFAULT_SECRET_FETCHERS], credentialGetters: true, allow: [] }],
    messages: {
      moduleScopeSecret:
        '`{{binding}}` keeps a secret fetched once at module load ({{fetcher}}): the value goes stale after Vault rotates it or its lease ends, and the server keeps using it until restarted. Fetch it where it is used through a SecretCache from mcp-secrets-runtime, which refreshes before expiry (codemod module-secret-to-cache).',
      clientFromModuleSecret:
        '`{{client}}` is built at module load from `{{binding}}`, a secret fetched once: it keeps the stale credential after rotation. Give it a getter instead (pg accepts `password: () => secrets.get(name)` from a SecretCache), or use createDynamicPgPool from mcp-secrets-runtime (codemod module-secret-to-cache).',
    },
  },
  defaultOptions: [{ fetchers: [...DEFAULT_SECRET_FETCHERS], credentialGetters: true, allow: [] }],
  create(context, [{ fetchers = [...DEFAULT_SECRET_FETCHERS], credentialGetters = true, allow = [] }]) {
    // Safe: every report starts from a fetch, and each kind of fetch needs text in the file: a configured fetcher's
    // name, a Vault secret path (secret/, kv/, …/creds/, …/data/), GetSecretValueCommand, or a credential getter's name.
    const gates = fetchText(fetchers);
    if (!sourceMentions(context, credentialGetters ? gates.withGetters : gates.withoutGetters)) return {};
    if (CONFIG_FILE.test(context.filename) || (allow.length > 0 && fileMatchesGlobs(context.filename, context.cwd, allow))) return {};
    const { sourceCode } = context;
    const fetcherNames = fetcherSet(fetchers);
    /** Module-scope variables already reported, so one binding is reported once and its clients can be found. */
    const staleBindings = new Map<Variable, TSESTree.CallExpression>();

    /** The secret fetch this call is, if any. Cheap name checks first: this runs for every call in the file. */
    function secretFetch(call: TSESTree.CallExpression): Fetch | undefined {
      const name = lastNameOf(call.callee);
      if (name === undefined) return undefined;
      if (fetcherNames.has(name)) return { call, description: `\`${name}()\``, byPattern: false };
      if (name === 'read' && call.callee.type === AST_NODE_TYPES.MemberExpression) {
        const path = pathPrefix(call.arguments[0]);
        const kind = path === undefined ? undefined : vaultSecretPathKind(path);
        if (kind === 'strong' || (kind === 'weak' && isVaultClient(call.callee.object))) {
          return { call, description: `Vault read of \`${path}\``, byPattern: false };
        }
        return undefined;
      }
      if (name === 'send' && call.arguments.length > 0) {
        const command = unwrap(call.arguments[0]);
        if (command.type === AST_NODE_TYPES.NewExpression && isGetSecretValueCommand(command.callee)) {
          return { call, description: 'AWS `GetSecretValueCommand`', byPattern: false };
        }
        return undefined;
      }
      // Name patterns only count for calls that are clearly asynchronous; checking that first also spares the
      // name test for nearly every call in a file.
      if (credentialGetters && isAwaitedOrChained(call) && isCredentialGetterName(name)) {
        return { call, description: `\`${name}()\``, byPattern: true };
      }
      return undefined;
    }

    function isGetSecretValueCommand(callee: TSESTree.Node): boolean {
      const ref = moduleRefOf(callee, sourceCode);
      if (ref) return ref.source === '@aws-sdk/client-secrets-manager' && ref.path.at(-1) === 'GetSecretValueCommand';
      return lastNameOf(callee) === 'GetSecretValueCommand';
    }

    /** node-vault, @litehex/node-vault, hashi-vault-js or mcp-secrets-runtime clients, or anything named *vault*. */
    function isVaultClient(receiver: TSESTree.Node): boolean {
      const inner = unwrap(receiver);
      const name = lastNameOf(inner);
      if (name !== undefined && nameWords(name).includes('vault')) return true;
      if (inner.type !== AST_NODE_TYPES.Identifier) return false;
      if (nodeVaultClientCall(inner, sourceCode) || isHashiVaultJsInstance(inner, sourceCode)) return true;
      const variable = variableOf(inner, sourceCode);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
      let init = unwrap(def.node.init);
      if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrap(init.argument);
      if (isLitehexClientCall(init, sourceCode)) return true;
      if (init.type !== AST_NODE_TYPES.CallExpression) return false;
      const ref = moduleRefOf(init.callee, sourceCode);
      return ref?.source === 'mcp-secrets-runtime' && ref.path.at(-1) === 'createVaultClient';
    }

    function isModuleLevel(scope: Scope): boolean {
      return scope.variableScope.block.type === AST_NODE_TYPES.Program;
    }

    /** A function that runs exactly once at module load: an IIFE, or a `.then` step of a chain at module level. */
    function runsOnceAtLoad(fn: TSESTree.Node): boolean {
      let node: TSESTree.Node = fn;
      while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
        node = node.parent;
      }
      const parent = node.parent;
      if (parent?.type !== AST_NODE_TYPES.CallExpression) return false;
      const atModuleLevel = isModuleLevel(sourceCode.getScope(parent));
      if (parent.callee === node) return atModuleLevel;
      const method = parent.callee.type === AST_NODE_TYPES.MemberExpression ? literalMemberName(parent.callee) : undefined;
      return atModuleLevel && (method === 'then' || method === 'finally') && parent.arguments.includes(node as TSESTree.CallExpressionArgument);
    }

    function report(fetch: Fetch, variables: Variable[]): void {
      const fresh = variables.filter((variable) => !staleBindings.has(variable));
      if (fresh.length === 0) return;
      for (const variable of fresh) staleBindings.set(variable, fetch.call);
      context.report({
        node: fetch.call,
        messageId: 'moduleScopeSecret',
        data: { binding: fresh.map((variable) => variable.name).join('`, `'), fetcher: fetch.description },
      });
    }

    /** Variables declared by `pattern`, or only those bound to array element `index` when the value is an array. */
    function declaredBy(declarator: TSESTree.VariableDeclarator, index: number | undefined): Variable[] {
      const variables = [...sourceCode.getDeclaredVariables(declarator)];
      if (index === undefined || declarator.id.type !== AST_NODE_TYPES.ArrayPattern) return variables;
      const element = declarator.id.elements[index];
      if (!element) return [];
      return variables.filter((variable) => variable.identifiers.some((id) => id.range[0] >= element.range[0] && id.range[1] <= element.range[1]));
    }

    /** Module-scope variables assigned anywhere inside a `.then` callback. */
    function assignedModuleVariables(callback: TSESTree.Node): Variable[] {
      const found: Variable[] = [];
      walk(callback, sourceCode.visitorKeys, (node) => {
        if (node.type !== AST_NODE_TYPES.AssignmentExpression) return true;
        const target = unwrap(node.left);
        if (target.type === AST_NODE_TYPES.Identifier) {
          const variable = variableOf(target, sourceCode);
          if (variable && isModuleLevel(variable.scope)) found.push(variable);
        }
        return true;
      });
      return found;
    }

    /**
     * Follows the fetch's value up to where it is kept: through `await`, `.then/.catch/.finally`, AWS v2's
     * `.promise()`, `Promise.all([...])` and TS wrappers, to a declarator or an assignment.
     */
    function checkWhereKept(fetch: Fetch): void {
      let node: TSESTree.Node = fetch.call;
      let awaitedOrChained = false;
      let arrayIndex: number | undefined;
      for (let depth = 0; depth < 16; depth++) {
        const parent: TSESTree.Node | undefined = node.parent;
        if (!parent) return;
        switch (parent.type) {
          case AST_NODE_TYPES.AwaitExpression:
          case AST_NODE_TYPES.ChainExpression:
          case AST_NODE_TYPES.TSAsExpression:
          case AST_NODE_TYPES.TSNonNullExpression:
          case AST_NODE_TYPES.TSSatisfiesExpression:
          case AST_NODE_TYPES.TSTypeAssertion:
            if (parent.type === AST_NODE_TYPES.AwaitExpression) awaitedOrChained = true;
            node = parent;
            continue;
          case AST_NODE_TYPES.MemberExpression: {
            // fetch().then(cb) / fetch().promise(): the member's call carries the value on.
            const call: TSESTree.Node | undefined = parent.parent;
            const method = literalMemberName(parent);
            if (parent.object !== node || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
            if (method === 'then' || method === 'catch' || method === 'finally') {
              awaitedOrChained = true;
              const assigned = method === 'then' ? call.arguments.filter(isFunctionNode).flatMap(assignedModuleVariables) : [];
              if (assigned.length > 0 && isModuleLevel(sourceCode.getScope(call))) {
                report(fetch, assigned);
                return;
              }
            } else if (method !== 'promise') {
              return;
            }
            node = call;
            continue;
          }
          case AST_NODE_TYPES.ArrayExpression: {
            const combinator: TSESTree.Node | undefined = parent.parent;
            if (combinator?.type !== AST_NODE_TYPES.CallExpression || combinator.arguments[0] !== parent) return;
            const callee = combinator.callee;
            if (callee.type !== AST_NODE_TYPES.MemberExpression || lastNameOf(callee.object) !== 'Promise') return;
            if (!PROMISE_COMBINATORS.has(literalMemberName(callee) ?? '')) return;
            arrayIndex = parent.elements.indexOf(node as TSESTree.Expression);
            node = combinator;
            continue;
          }
          case AST_NODE_TYPES.VariableDeclarator: {
            if (parent.init !== node || (fetch.byPattern && !awaitedOrChained)) return;
            if (!isModuleLevel(sourceCode.getScope(parent))) return;
            report(fetch, declaredBy(parent, arrayIndex));
            return;
          }
          case AST_NODE_TYPES.AssignmentExpression: {
            if (parent.right !== node || (fetch.byPattern && !awaitedOrChained)) return;
            const target = unwrap(parent.left);
            if (target.type !== AST_NODE_TYPES.Identifier) return;
            const variable = variableOf(target, sourceCode);
            if (!variable || !isModuleLevel(variable.scope)) return;
            // At module level, or in an IIFE / `.then` callback that runs once at load; not in a refresh function.
            const scope = sourceCode.getScope(parent);
            const fn = scope.variableScope.block;
            if (isModuleLevel(scope) || (isFunctionNode(fn) && runsOnceAtLoad(fn))) report(fetch, [variable]);
            return;
          }
          default:
            return;
        }
      }
    }

    /**
     * `const pool = new Pool({ password: DB_PASS })` at module level: a client holding the stale secret. Values
     * derived from the secret at module level (`const { password } = JSON.parse(raw)`) are followed too.
     */
    function reportClientsBuiltFrom(secret: Variable): void {
      const queue = [secret];
      const seen = new Set<Variable>(queue);
      const reported = new Set<TSESTree.Node>();
      while (queue.length > 0) {
        const variable = queue.shift() as Variable;
        for (const reference of variable.references) {
          if (!reference.isRead() || !isModuleLevel(reference.from)) continue;
          const construction = constructionAround(reference.identifier);
          const client = construction && isClientConstruction(construction) ? keptIn(construction) : undefined;
          if (construction && client?.id.type === AST_NODE_TYPES.Identifier) {
            if (!reported.has(construction)) {
              reported.add(construction);
              context.report({ node: construction, messageId: 'clientFromModuleSecret', data: { client: client.id.name, binding: secret.name } });
            }
            continue;
          }
          const derived = declaratorAround(reference.identifier);
          for (const next of derived ? sourceCode.getDeclaredVariables(derived) : []) {
            if (!seen.has(next) && !staleBindings.has(next)) {
              seen.add(next);
              queue.push(next);
            }
          }
        }
      }
    }

    /** `new Pool(...)`, node-vault's factory, `createClient(...)`, `postgres(...)`: not `JSON.parse(secret)`. */
    function isClientConstruction(node: TSESTree.NewExpression | TSESTree.CallExpression): boolean {
      if (node.type === AST_NODE_TYPES.NewExpression) return true;
      if (isNodeVaultFactoryCall(node, sourceCode)) return true;
      const name = lastNameOf(node.callee);
      return name !== undefined && CLIENT_FACTORY_NAME.test(name);
    }

    return {
      CallExpression(node) {
        const fetch = secretFetch(node);
        if (fetch) checkWhereKept(fetch);
      },
      'Program:exit'() {
        for (const variable of staleBindings.keys()) reportClientsBuiltFrom(variable);
      },
    };
  },
});

const fetcherSet = perConfiguration((fetchers: readonly string[]): ReadonlySet<string> => new Set(fetchers));

/** Vault paths vaultSecretPathKind accepts: `secret/` (also in GetSecretValueCommand), `kv…/`, `<mount>/creds/`, `<mount>/data/`. */
const VAULT_PATH_WORDS = ['secret', 'kv', 'creds/', '/data/'];

/** What isAwaitedOrChained needs, without which a credential getter's call is not a fetch. */
const ASYNC_TEXT = anyWord(['await', 'then', 'catch', 'finally', 'promise']);

/**
 * Text any fetch needs: a Vault secret path, a configured fetcher's name (the default names all contain `secret`, so
 * they cost no extra scan), or, with credentialGetters, a credential getter's name and an await or promise chain. A
 * credential word alone let in a quarter of all files (every parser has `token`); the getter regex runs only where
 * the words it needs are.
 */
const fetchText = perConfiguration((fetchers: readonly string[]): { withGetters: TextGate; withoutGetters: TextGate } => {
  const named = anyWord([...VAULT_PATH_WORDS, ...fetchers.map((name) => name.toLowerCase())]);
  const getter: TextGate = (source) =>
    ASYNC_TEXT(source) && CREDENTIAL_TEXT(source) && source.remember('\0credential getter', () => mentionsCredentialGetter(source.text));
  return { withGetters: (source) => named(source) || getter(source), withoutGetters: named };
});

/** `await f()`, `f().then(...)`, `f().promise()` (also through `?.` and TS wrappers). */
function isAwaitedOrChained(call: TSESTree.Node): boolean {
  let node = call;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.ChainExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) {
    node = node.parent;
  }
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) return true;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node) return false;
  const method = literalMemberName(parent);
  return method === 'then' || method === 'catch' || method === 'finally' || method === 'promise';
}

/** The static start of a path argument: 'secret/data/db' or the text before the first `${}` of a template. */
function pathPrefix(argument: TSESTree.Node | undefined): string | undefined {
  if (!argument) return undefined;
  const inner = unwrap(argument);
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return inner.quasis[0]?.value.cooked ?? undefined;
  return staticStringOf(inner);
}

/** Expressions a value can sit inside while still being handed, whole or in part, to a constructor's arguments. */
const ARGUMENT_CARRIERS = new Set<string>([
  AST_NODE_TYPES.Property,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.SpreadElement,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
]);

/** The `new X(...)` / `x(...)` whose arguments contain `identifier` (not inside a function), if any. */
function constructionAround(identifier: TSESTree.Node): TSESTree.NewExpression | TSESTree.CallExpression | undefined {
  let node: TSESTree.Node = identifier;
  for (let depth = 0; depth < 12 && node.parent; depth++) {
    const parent: TSESTree.Node = node.parent;
    if ((parent.type === AST_NODE_TYPES.NewExpression || parent.type === AST_NODE_TYPES.CallExpression) && parent.callee !== node) {
      return parent;
    }
    if (!ARGUMENT_CARRIERS.has(parent.type)) return undefined;
    node = parent;
  }
  return undefined;
}

/** The declarator whose initializer contains `node` outside any function: `const parsed = JSON.parse(raw)`. */
function declaratorAround(node: TSESTree.Node): TSESTree.VariableDeclarator | undefined {
  let current: TSESTree.Node = node;
  for (let depth = 0; depth < 12 && current.parent; depth++) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) return parent.init === current ? parent : undefined;
    if (isFunctionNode(parent) || parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclaration) return undefined;
    current = parent;
  }
  return undefined;
}

/** The declarator a construction's result is stored in (`const pool = new Pool(...)`, also through `await`). */
function keptIn(construction: TSESTree.Node): TSESTree.VariableDeclarator | undefined {
  let node: TSESTree.Node = construction;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
    node = node.parent;
  }
  return node.parent?.type === AST_NODE_TYPES.VariableDeclarator && node.parent.init === node ? node.parent : undefined;
}
