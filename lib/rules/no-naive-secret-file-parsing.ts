// Reports hand-rolled KEY=VALUE parsing of files read from disk: `line.split('=')` over the lines of a file. Values
// that contain '=' (base64 passwords and keys end in '=', connection strings carry `?a=b`) are cut, and the server
// then fails to authenticate with a credential that is correct in the file. Vault Agent templates render exactly such
// files. The line's origin is followed through ESLint's scope analysis: callback parameters of `.map`/`.forEach`
// over `content.split('\n')`, `for…of` loops, readline's 'line' events, consts, and functions called with the file.
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, literalMemberName, staticStringOf, unwrap } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { anyWord, sourceMentions } from '../util/source-gate.js';

type MessageIds = 'naiveSplit' | 'splitAtFirstEquals';
type Scope = TSESLint.Scope.Scope;

/** Bounds how far an origin is followed: real code needs two or three steps; this keeps odd code cheap. */
const MAX_DEPTH = 8;

/** Methods that keep a string a (transformed) copy of the same line or text. */
const STRING_PASSTHROUGH = new Set(['trim', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'toString', 'replace', 'replaceAll', 'normalize']);
/** Array methods whose result still holds the same lines. */
const ARRAY_PASSTHROUGH = new Set(['filter', 'map', 'slice', 'reverse', 'sort', 'toSorted', 'concat']);
/** Array methods whose callback receives one line as its first parameter (reduce: its second). */
const LINE_CALLBACK_METHODS = new Set(['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'findIndex', 'reduce']);
/** Calls that read a whole file as text or a buffer. */
const FILE_READERS = new Set(['readFileSync', 'readFile', 'readTextFile', 'readTextFileSync']);
/** Source text one of the line origins needs: a file reader's name or readline's createInterface. */
const LINE_SOURCE_TEXT = anyWord([...FILE_READERS, 'createInterface'].map((name) => name.toLowerCase()));
const SPLIT_TEXT = anyWord(['split']);

export default createRule<[], MessageIds>({
  name: 'no-naive-secret-file-parsing',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: "Disallow parsing KEY=VALUE secret files with line.split('='), which cuts values that contain '='",
      recommended: true,
      declarationFiles: false,
    },
    schema: [],
    messages: {
      naiveSplit:
        "`split('=')` on the lines of a file cuts every value that contains '=' (base64 passwords and keys end in '='), so a correct credential in the file arrives truncated. Parse the file with dotenv's `parse()` or mcp-secrets-runtime's `readAgentSecrets(path)` (codemod agent-file-reader).",
      splitAtFirstEquals: "Split at the first '=' only: `split(/=(.*)/s, 2)` keeps the rest of the line as the value.",
    },
  },
  defaultOptions: [],
  create(context) {
    // Safe: a report needs a `split` member call on lines that come from a FILE_READERS call or readline's createInterface.
    if (!sourceMentions(context, SPLIT_TEXT) || !sourceMentions(context, LINE_SOURCE_TEXT)) return {};
    const { sourceCode } = context;

    return {
      CallExpression(node) {
        // `(line.split as any)('=')` splits the same way: TS wrappers around the callee are looked through.
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || literalMemberName(callee) !== 'split') return;
        if (!isEqualsSeparator(node.arguments[0]) || node.arguments.length > 2) return;
        if (keepsTheRest(node)) return;
        const scope = sourceCode.getScope(node);
        if (!isLineOfFile(callee.object, scope, 0)) return;
        const first = node.arguments[0];
        const last = node.arguments[node.arguments.length - 1];
        context.report({
          node,
          messageId: 'naiveSplit',
          suggest: [
            {
              messageId: 'splitAtFirstEquals',
              fix: (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], '/=(.*)/s, 2'),
            },
          ],
        });
      },
    };

    /**
     * `line.split('=').slice(1).join('=')` and `const [key, ...rest] = line.split('='); rest.join('=')` put the
     * value back together, and `line.split('=')[0]` only takes the key: not naive.
     */
    function keepsTheRest(split: TSESTree.CallExpression): boolean {
      let node: TSESTree.Node = split;
      while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
        node = node.parent;
      }
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
        // `line.split('=')[0]` takes only the key, which the split gets right.
        if (parent.computed) return parent.property.type === AST_NODE_TYPES.Literal && parent.property.value === 0;
        return literalMemberName(parent) === 'slice' && isJoinWithEquals(parent.parent);
      }
      if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node || parent.id.type !== AST_NODE_TYPES.ArrayPattern) {
        return false;
      }
      const rest = parent.id.elements.find((element) => element?.type === AST_NODE_TYPES.RestElement);
      if (rest?.type !== AST_NODE_TYPES.RestElement || rest.argument.type !== AST_NODE_TYPES.Identifier) return false;
      const restName = rest.argument;
      const variable = sourceCode.getDeclaredVariables(parent).find((v) => v.identifiers.includes(restName));
      return variable?.references.some((ref) => ref.identifier.parent?.type === AST_NODE_TYPES.MemberExpression && isJoinWithEquals(ref.identifier.parent)) ?? false;
    }

    /** The `.join('=')` call `member` is the callee of (`x.join('=')` given the member `x.join`, or `x.slice(1)` given its call). */
    function isJoinWithEquals(node: TSESTree.Node | undefined): boolean {
      let member = node;
      if (member?.type === AST_NODE_TYPES.CallExpression) member = member.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || literalMemberName(member) !== 'join') return false;
      const call = member.parent;
      return call?.type === AST_NODE_TYPES.CallExpression && call.callee === member && staticStringOf(call.arguments[0]) === '=';
    }

    /** The single variable an identifier refers to, with its only definition. */
    function definitionOf(identifier: TSESTree.Identifier, scope: Scope) {
      const variable = ASTUtils.findVariable(scope, identifier);
      if (!variable || variable.defs.length !== 1) return undefined;
      return { variable, def: variable.defs[0] };
    }

    /** The initial value of a variable that is never assigned again. */
    function constValue(identifier: TSESTree.Identifier, scope: Scope): TSESTree.Expression | undefined {
      const found = definitionOf(identifier, scope);
      if (!found || found.def.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
      const declarator = found.def.node;
      if (!declarator.init || declarator.id !== found.def.name) return undefined;
      if (found.variable.references.some((ref) => ref.isWrite() && ref.identifier !== declarator.id)) return undefined;
      return declarator.init;
    }

    /** Strips `await`, TS wrappers and string methods that keep the text: `(await readFile(p)).toString().trim()`. */
    function throughText(node: TSESTree.Node): TSESTree.Node {
      let current = unwrap(node);
      for (;;) {
        if (current.type === AST_NODE_TYPES.AwaitExpression) {
          current = unwrap(current.argument);
        } else if (
          current.type === AST_NODE_TYPES.CallExpression &&
          current.callee.type === AST_NODE_TYPES.MemberExpression &&
          STRING_PASSTHROUGH.has(literalMemberName(current.callee) ?? '')
        ) {
          current = unwrap(current.callee.object);
        } else {
          return current;
        }
      }
    }

    /** A line of a file: a callback parameter or loop variable over file lines, `lines[i]`, or a const of those. */
    function isLineOfFile(expression: TSESTree.Node, scope: Scope, depth: number): boolean {
      if (depth > MAX_DEPTH) return false;
      const node = throughText(expression);
      if (node.type === AST_NODE_TYPES.MemberExpression && node.computed) return isLinesOfFile(node.object, scope, depth + 1);
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const found = definitionOf(node, scope);
      if (!found) return false;
      const { def } = found;
      if (def.type === TSESLint.Scope.DefinitionType.Parameter) return isLineCallbackParameter(def.node, def.name, depth);
      if (def.type !== TSESLint.Scope.DefinitionType.Variable) return false;
      const declarator = def.node;
      const declaration = declarator.parent;
      const loop = declaration?.parent;
      if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declaration) {
        return isLinesOfFile(loop.right, found.variable.scope, depth + 1);
      }
      const value = constValue(node, scope);
      return value !== undefined && isLineOfFile(value, found.variable.scope, depth + 1);
    }

    /** `lines.map((line) => …)`, `lines.reduce((acc, line) => …)`, `rl.on('line', (line) => …)`. */
    function isLineCallbackParameter(fn: TSESTree.Node, param: TSESTree.Node, depth: number): boolean {
      if (!isFunctionNode(fn) || fn.type === AST_NODE_TYPES.FunctionDeclaration) return false;
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = literalMemberName(call.callee);
      const receiver = call.callee.object;
      const callScope = sourceCode.getScope(call);
      if (method === 'on' || method === 'once' || method === 'addListener') {
        return staticStringOf(call.arguments[0]) === 'line' && call.arguments[1] === fn && fn.params[0] === param &&
          isReadlineInterface(receiver, callScope, depth + 1);
      }
      if (!method || !LINE_CALLBACK_METHODS.has(method) || call.arguments[0] !== fn) return false;
      const lineParam = method === 'reduce' ? fn.params[1] : fn.params[0];
      return lineParam === param && isLinesOfFile(receiver, callScope, depth + 1);
    }

    /** The lines of a file: `content.split('\n')` (and filters/maps of it), a readline interface, or a const of those. */
    function isLinesOfFile(expression: TSESTree.Node, scope: Scope, depth: number): boolean {
      if (depth > MAX_DEPTH) return false;
      const node = unwrap(expression);
      if (node.type === AST_NODE_TYPES.Identifier) {
        const value = constValue(node, scope);
        const variable = value && ASTUtils.findVariable(scope, node);
        return value !== undefined && !!variable && isLinesOfFile(value, variable.scope, depth + 1);
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return false;
      if (isReadlineInterface(node, scope, depth + 1)) return true;
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = literalMemberName(node.callee);
      if (method === 'split') return isNewlineSeparator(node.arguments[0], scope) && isFileContent(node.callee.object, scope, depth + 1);
      return method !== undefined && ARRAY_PASSTHROUGH.has(method) && isLinesOfFile(node.callee.object, scope, depth + 1);
    }

    /** Text read from a file: `readFileSync(p, 'utf8')`, `await fs.promises.readFile(p)`, a const of that, or a parameter every local caller feeds with one. */
    function isFileContent(expression: TSESTree.Node, scope: Scope, depth: number): boolean {
      if (depth > MAX_DEPTH) return false;
      const node = throughText(expression);
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const name = lastNameOf(node.callee);
        return name !== undefined && FILE_READERS.has(name);
      }
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const found = definitionOf(node, scope);
      if (!found) return false;
      if (found.def.type === TSESLint.Scope.DefinitionType.Parameter) {
        return isParameterFedWithFile(found.def.node, found.def.name, depth + 1);
      }
      const value = constValue(node, scope);
      return value !== undefined && isFileContent(value, found.variable.scope, depth + 1);
    }

    /** `function parse(text) {…}` called in this file as `parse(readFileSync(p, 'utf8'))`. */
    function isParameterFedWithFile(fn: TSESTree.Node, param: TSESTree.Node, depth: number): boolean {
      if (!isFunctionNode(fn)) return false;
      const index = fn.params.indexOf(param as TSESTree.Parameter);
      if (index < 0) return false;
      let name: TSESTree.Identifier | undefined;
      if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) name = fn.id;
      else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) name = fn.parent.id;
      if (!name) return false;
      const variable = ASTUtils.findVariable(sourceCode.getScope(fn), name);
      if (!variable) return false;
      return variable.references.some((ref) => {
        const call = ref.identifier.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== ref.identifier) return false;
        const argument = call.arguments[index];
        return argument !== undefined && isFileContent(argument, ref.from, depth + 1);
      });
    }

    /** `readline.createInterface({ input: createReadStream(p) })`, directly or through a const. */
    function isReadlineInterface(expression: TSESTree.Node, scope: Scope, depth: number): boolean {
      if (depth > MAX_DEPTH) return false;
      const node = unwrap(expression);
      if (node.type === AST_NODE_TYPES.CallExpression) return lastNameOf(node.callee) === 'createInterface';
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const value = constValue(node, scope);
      return value !== undefined && isReadlineInterface(value, scope, depth + 1);
    }
  },
});

function isEqualsSeparator(argument: TSESTree.Node | undefined): boolean {
  if (!argument) return false;
  const inner = unwrap(argument);
  if (inner.type === AST_NODE_TYPES.Literal && 'regex' in inner && inner.regex) return inner.regex.pattern === '=';
  return staticStringOf(inner) === '=';
}

const NEWLINE_PATTERNS = new Set(['\\n', '\\r?\\n', '\\r\\n', '\\r\\n|\\n', '\\n|\\r\\n', '\\r?\\n|\\r', '\\r\\n|\\r|\\n', '\\n\\r?', '[\\r\\n]+', '\\r|\\n', '[\\n\\r]+', '\\n+']);

/** '\n', '\r\n', /\r?\n/ and friends, or `os.EOL` / an imported `EOL`. */
function isNewlineSeparator(argument: TSESTree.Node | undefined, scope: Scope): boolean {
  if (!argument) return false;
  const inner = unwrap(argument);
  if (inner.type === AST_NODE_TYPES.Literal && 'regex' in inner && inner.regex) return NEWLINE_PATTERNS.has(inner.regex.pattern);
  const text = staticStringOf(inner);
  if (text !== undefined) return text === '\n' || text === '\r\n';
  if (inner.type === AST_NODE_TYPES.MemberExpression) return literalMemberName(inner) === 'EOL';
  if (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'EOL') return ASTUtils.findVariable(scope, inner) !== null;
  return false;
}
