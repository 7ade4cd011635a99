// Reports MCP tool handlers (@modelcontextprotocol/sdk: `server.tool(...)`, `server.registerTool(...)`,
// `server.setRequestHandler(CallToolRequestSchema, ...)`) whose returned result or thrown error message carries a
// secret: the whole environment, a secret env read, a Vault login response or a credential-named value. Tool results
// go to the model and the client; the SDK turns a thrown error into a result with its message.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, unwrap, type FunctionNode } from '../util/ast.js';
import { definitionOf, isUndeclaredGlobal, memberKey } from '../util/bindings.js';
import { createRule } from '../util/create-rule.js';
import { moduleRefOf } from '../util/module-refs.js';
import { findSecrets } from '../util/secret-expression.js';
import { nameWords } from '../util/secret-names.js';
import { anyWord, sourceMentions, type TextGate } from '../util/source-gate.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type MessageIds = 'wholeEnv' | 'secretEnv' | 'secretBinding' | 'vaultLogin';

const SDK = '@modelcontextprotocol/sdk';
const REGISTRATION_METHODS = new Set(['tool', 'registerTool', 'setRequestHandler']);
/**
 * Source text every tool registration needs: CallToolRequestSchema, or `tool` / `registerTool` (a whole `tool`
 * identifier is bounded by non-word characters) called on what isMcpServer accepts, a name ending in server or mcp
 * or an instance of a class imported from the SDK.
 */
const CALL_TOOL_SCHEMA = anyWord(['calltoolrequestschema']);
const TOOL = anyWord(['tool']);
const SERVER = anyWord(['server', 'mcp', 'modelcontextprotocol']);
const REGISTRATION_TEXT: TextGate = (source) =>
  CALL_TOOL_SCHEMA(source) ||
  (TOOL(source) &&
    SERVER(source) &&
    /\btool\b|registertool/i.test(source.text));
const SEEN_BY = 'tool results are read by the model and the MCP client, and kept in their transcripts and logs';

interface Exit {
  node: TSESTree.Node;
  where: 'result' | 'error message';
}

export default createRule<[], MessageIds>({
  name: 'no-secret-in-tool-result',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow returning secrets from MCP tool handlers, in results or thrown error messages',
      recommended: true,
      declarationFiles: false,
    },
    schema: [],
    messages: {
      wholeEnv: `The {{where}} of this MCP tool contains the whole environment (\`{{what}}\`), with every secret in it: ${SEEN_BY}. Return only the data the tool exists to return.`,
      secretEnv: `The {{where}} of this MCP tool contains the secret env var \`{{what}}\`: ${SEEN_BY}. Never return credentials from a tool.`,
      secretBinding: `The {{where}} of this MCP tool contains \`{{what}}\`, which holds a credential: ${SEEN_BY}. Never return credentials from a tool.`,
      vaultLogin: `The {{where}} of this MCP tool contains a Vault login response (\`{{what}}\`) with its client_token: ${SEEN_BY}. Never return credentials from a tool.`,
    },
  },
  defaultOptions: [],
  create(context) {
    // Safe: a handler is only found through a `.tool` / `.registerTool` call or a CallToolRequestSchema reference.
    if (!sourceMentions(context, REGISTRATION_TEXT)) return {};
    const sourceCode = context.sourceCode;
    const handlers = new Set<FunctionNode>();
    return {
      CallExpression(node) {
        // Only calls of the registration methods. Tested here rather than by an esquery attribute selector, which
        // ESLint would match against every call of the file with a regex. A plain `.name` that is not one rules the
        // call out; computed keys (`server['tool']`) and wrapped callees are left to toolHandlerOf.
        const { callee } = node;
        if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier && !REGISTRATION_METHODS.has(callee.property.name)) return;
        const handler = toolHandlerOf(node, sourceCode);
        if (handler) handlers.add(handler);
      },
      'Program:exit'() {
        if (handlers.size === 0) return;
        for (const handler of withDelegates(handlers, sourceCode)) {
          for (const exit of exitsOf(handler, sourceCode)) {
            for (const finding of findSecrets(exit.node, sourceCode, { followCallbacks: true })) {
              context.report({ node: finding.node, messageId: finding.kind, data: { what: finding.what, where: exit.where } });
            }
          }
        }
      },
    };
  },
});

/** What a function hands back: its own returns (or expression body) and throws, not those of nested functions. */
function exitsOf(fn: FunctionNode, sourceCode: SourceCode): Exit[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [{ node: fn.body, where: 'result' }];
  const exits: Exit[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) exits.push({ node: node.argument, where: 'result' });
    if (node.type === AST_NODE_TYPES.ThrowStatement) exits.push({ node: node.argument, where: 'error message' });
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item) && !isFunctionNode(item)) visit(item);
      }
    }
  };
  visit(fn.body);
  return exits;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The handler function of an MCP tool registration, or undefined when the call registers no tool. */
function toolHandlerOf(call: TSESTree.CallExpression, sourceCode: SourceCode): FunctionNode | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberKey(callee, sourceCode);
  if (method === undefined || !REGISTRATION_METHODS.has(method)) return undefined;
  if (method === 'tool' || method === 'registerTool') {
    if (call.arguments.length < 2 || !isMcpServer(callee.object, sourceCode)) return undefined;
    return functionOf(call.arguments[call.arguments.length - 1], sourceCode);
  }
  if (method === 'setRequestHandler' && call.arguments.length === 2 && isCallToolSchema(call.arguments[0], sourceCode)) {
    return functionOf(call.arguments[1], sourceCode);
  }
  return undefined;
}

/** `new McpServer(...)` from the SDK (through a const), or an object named like a server (`server`, `this.mcpServer`, `mcp`). */
function isMcpServer(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const object = unwrap(node);
  const name = lastNameOf(object);
  const last = name === undefined ? undefined : nameWords(name).at(-1);
  if (last === 'server' || last === 'mcp') return true;
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const def = definitionOf(object, sourceCode);
  if (def?.type !== 'Variable' || def.node.id !== def.name || !def.node.init) return false;
  const init = unwrap(def.node.init);
  return init.type === AST_NODE_TYPES.NewExpression && (moduleRefOf(init.callee, sourceCode)?.source.startsWith(SDK) ?? false);
}

/** CallToolRequestSchema imported from the SDK (any import form). */
function isCallToolSchema(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const inner = unwrap(node);
  const ref = moduleRefOf(inner, sourceCode);
  if (ref) return ref.source.startsWith(SDK) && ref.path.at(-1) === 'CallToolRequestSchema';
  return inner.type === AST_NODE_TYPES.Identifier && inner.name === 'CallToolRequestSchema' && isUndeclaredGlobal(inner, sourceCode);
}

/** An inline function, or a local function / const arrow referred to by name. */
function functionOf(node: TSESTree.Node, sourceCode: SourceCode): FunctionNode | undefined {
  const inner = unwrap(node);
  if (isFunctionNode(inner)) return inner;
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = definitionOf(inner, sourceCode);
  if (def?.type === 'FunctionName' && isFunctionNode(def.node)) return def.node;
  if (def?.type === 'Variable' && def.node.id === def.name && def.node.init) {
    const init = unwrap(def.node.init);
    return isFunctionNode(init) ? init : undefined;
  }
  return undefined;
}

/** Handlers plus the local functions whose result they return (`async (args) => handleQuery(args)`), one level deep. */
function withDelegates(handlers: ReadonlySet<FunctionNode>, sourceCode: SourceCode): Set<FunctionNode> {
  const all = new Set(handlers);
  for (const handler of handlers) {
    for (const exit of exitsOf(handler, sourceCode)) {
      if (exit.where !== 'result') continue;
      let value = unwrap(exit.node);
      if (value.type === AST_NODE_TYPES.AwaitExpression) value = unwrap(value.argument);
      if (value.type !== AST_NODE_TYPES.CallExpression) continue;
      const delegate = functionOf(value.callee, sourceCode);
      if (delegate) all.add(delegate);
    }
  }
  return all;
}
