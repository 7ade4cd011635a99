// Literal credentials in MCP client configs (.mcp.json, .vscode/mcp.json, claude_desktop_config.json...): these
// files sit in home directories, dotfile repos and project checkouts, and every local process can read them.
import { judgeArguments } from '../util/command-args.js';
import { createRule } from '../util/create-rule.js';
import {
  memberName,
  serverDefinitions,
  serverMaps,
  type JsonDocument,
  type JsonObject,
  type JsonString,
  type JsonValue,
} from '../util/mcp-config.js';
import { isPlaceholderSecret } from '../util/connection-url.js';
import { urlQuerySecrets } from '../util/url-query.js';
import { isReference, judgeNamedValue, judgeValueAlone, type SecretFinding, type SecretKind } from '../util/secret-value.js';
import { stripBearer } from '../util/vault-token-format.js';

type MessageIds = SecretKind | 'secretArgument' | 'secretHeader' | 'secretInUrlQuery';

/** Headers whose value is a credential whatever the header is called otherwise. */
const AUTHORIZATION_HEADERS = new Set(['authorization', 'proxy-authorization']);

export default createRule<[], MessageIds>({
  name: 'no-secret-in-mcp-config',
  meta: {
    type: 'problem',
    docs: {
      description:
        "Disallow literal Vault tokens, secret_ids, passwords and API keys in MCP client configs (server env, headers, args, url)",
      recommended: true,
    },
    languages: ['mcp-secrets/jsonc', 'json/json', 'json/jsonc', 'json/json5'],
    schema: [],
    messages: {
      vaultToken:
        'A Vault token is written into this MCP client config: any process that can read the file can use it, and it never rotates. Let the server log in with AppRole (VAULT_ROLE_ID and a secret_id file or a wrapped secret_id) through mcp-secrets-runtime, or reference the token (${input:vault-token}, ${env:VAULT_TOKEN}).',
      vaultTokenVariable:
        '{{name}} is given a literal token: a static Vault token never rotates and cannot be revoked selectively. Give the server VAULT_ROLE_ID and a secret_id file (AppRole via mcp-secrets-runtime), or reference the token: ${input:vault-token}, ${env:VAULT_TOKEN}.',
      urlPassword:
        "This connection URL embeds the password of '{{user}}'. Let the server take database credentials from Vault's database secrets engine (createDynamicPgPool in mcp-secrets-runtime), or reference the URL: ${input:database-url}, ${env:DATABASE_URL}.",
      privateKey:
        'A private key is written into this MCP client config. Point the server at a key file outside the config, or let it fetch the key from Vault.',
      secretValue:
        '{{name}} has a literal value in this MCP client config, readable by every local process and every backup of the file. Reference it instead (${input:<id>} prompts in VS Code, ${env:NAME} or ${NAME} where the client expands variables), or let the server fetch it from Vault with mcp-secrets-runtime.',
      secretArgument:
        'A literal {{name}} is passed in the server args: command lines are visible to every local user in process listings. Pass it through env as a reference (${input:<id>}, ${env:NAME}), or let the server fetch it from Vault.',
      secretHeader:
        'Header {{name}} carries a literal credential. Reference it instead (${input:<id>} in VS Code, ${env:NAME} where the client expands variables), or use the OAuth flow the MCP client offers for remote servers.',
      secretInUrlQuery:
        'The server URL carries a literal {{name}} in its query string: URLs end up in logs and proxies. Send it in a header that references an input or env var, or use OAuth.',
    },
  },
  defaultOptions: [],
  create(context) {
    function report(node: JsonString, messageId: MessageIds, finding: Pick<SecretFinding, 'name' | 'user'>): void {
      context.report({ loc: node.loc, messageId, data: { name: finding.name ?? '', user: finding.user ?? '' } });
    }

    function reportFinding(node: JsonString, finding: SecretFinding): void {
      report(node, finding.kind, finding);
    }

    function checkHeader(name: string, node: JsonString): void {
      const shaped = judgeValueAlone(node.value);
      if (shaped) return reportFinding(node, { ...shaped, name });
      if (!AUTHORIZATION_HEADERS.has(name.toLowerCase())) {
        const finding = judgeNamedValue(name, node.value);
        if (finding?.kind === 'vaultToken' || finding?.kind === 'vaultTokenVariable') reportFinding(node, { ...finding, kind: 'vaultToken' });
        else if (finding) report(node, 'secretHeader', { name });
        return;
      }
      const credential = stripBearer(node.value).replace(/^(?:basic|token|digest)\s+/i, '').trim();
      if (!isReference(credential) && !isPlaceholderSecret(credential)) report(node, 'secretHeader', { name });
    }

    function checkArgs(node: JsonValue): void {
      if (node.type !== 'Array') return;
      const strings = node.elements.map((element) => (element.value.type === 'String' ? element.value : undefined));
      for (const finding of judgeArguments(strings.map((string) => string?.value))) {
        const string = strings[finding.index];
        if (!string) continue;
        if (finding.kind === 'secretValue' && finding.onCommandLine) report(string, 'secretArgument', finding);
        else reportFinding(string, finding);
      }
    }

    function checkUrl(node: JsonString): void {
      const shaped = judgeValueAlone(node.value);
      if (shaped) return reportFinding(node, shaped);
      for (const name of urlQuerySecrets(node.value)) report(node, 'secretInUrlQuery', { name });
    }

    /** Walks a server definition, or an object nested in one, judging every string under the name it is stored as. */
    function checkObject(object: JsonObject, within: 'server' | 'env' | 'headers' | 'nested'): void {
      for (const member of object.members) {
        const name = memberName(member);
        const value = member.value;
        if (value.type === 'Object') {
          checkObject(value, within === 'server' && (name === 'env' || name === 'headers') ? name : 'nested');
        } else if (value.type === 'Array') {
          if (within === 'server' && name === 'args') checkArgs(value);
          else checkStringsAlone(value);
        } else if (value.type === 'String') {
          if (within === 'headers') checkHeader(name, value);
          else if (within === 'server' && name === 'url') checkUrl(value);
          else {
            const finding = judgeNamedValue(name, value.value);
            if (finding) reportFinding(value, finding);
          }
        }
      }
    }

    /** Arrays other than `args` (e.g. `envFile` lists): only secrets recognisable by their shape. */
    function checkStringsAlone(array: JsonValue): void {
      if (array.type !== 'Array') return;
      for (const element of array.elements) {
        if (element.value.type === 'String') {
          const finding = judgeValueAlone(element.value.value);
          if (finding) reportFinding(element.value, finding);
        } else if (element.value.type === 'Object') {
          checkObject(element.value, 'nested');
        }
      }
    }

    return {
      Document(node: JsonDocument) {
        for (const map of serverMaps(node, context.filename)) {
          for (const server of serverDefinitions(map)) checkObject(server, 'server');
        }
      },
    };
  },
});
