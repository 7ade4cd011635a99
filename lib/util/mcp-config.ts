// Where MCP clients keep their server definitions, read from @eslint/json's AST (Momoa's node shapes, typed here
// structurally so the rule does not depend on Momoa's package directly).
import { basename } from 'node:path';

interface Position {
  line: number;
  column: number;
  offset: number;
}

interface JsonNodeBase {
  loc: { start: Position; end: Position };
  range?: [number, number];
}

export interface JsonString extends JsonNodeBase {
  type: 'String';
  value: string;
}

export interface JsonIdentifier extends JsonNodeBase {
  type: 'Identifier';
  name: string;
}

export interface JsonMember extends JsonNodeBase {
  type: 'Member';
  name: JsonString | JsonIdentifier;
  value: JsonValue;
}

export interface JsonObject extends JsonNodeBase {
  type: 'Object';
  members: JsonMember[];
}

export interface JsonArray extends JsonNodeBase {
  type: 'Array';
  elements: { type: 'Element'; value: JsonValue }[];
}

export interface JsonOther extends JsonNodeBase {
  type: 'Number' | 'Boolean' | 'Null' | 'NaN' | 'Infinity';
}

export type JsonValue = JsonString | JsonObject | JsonArray | JsonIdentifier | JsonOther;

export interface JsonDocument extends JsonNodeBase {
  type: 'Document';
  body: JsonValue;
}

export function memberName(member: JsonMember): string {
  return member.name.type === 'String' ? member.name.value : member.name.name;
}

export function memberAt(object: JsonObject, name: string): JsonMember | undefined {
  return object.members.find((member) => memberName(member) === name);
}

function objectAt(object: JsonObject, name: string): JsonObject | undefined {
  const value = memberAt(object, name)?.value;
  return value?.type === 'Object' ? value : undefined;
}

/** Files whose top-level `servers` is an MCP server map (VS Code's `.vscode/mcp.json` and clients that copied it). */
const SERVERS_KEY_FILES = new Set(['mcp.json', '.mcp.json']);

/** How deep `mcpServers` is looked for: `.claude.json` keeps per-project maps at `projects.<path>.mcpServers`. */
const MCP_SERVERS_MAX_DEPTH = 3;

/**
 * Every server map in the document: `mcpServers` (Claude Desktop, Claude Code, Cursor, Windsurf, Cline, Gemini CLI...),
 * top-level `servers` in an `mcp.json`, `mcp.servers` (VS Code settings) and `context_servers` (Zed settings).
 * Only a few levels of objects are searched, so a large unrelated JSON file costs next to nothing.
 */
export function serverMaps(document: JsonDocument, filename: string): JsonObject[] {
  const root = document.body;
  if (root.type !== 'Object') return [];
  const maps: JsonObject[] = [];
  collectMcpServers(root, 1, maps);
  const servers = objectAt(root, 'servers');
  if (servers && SERVERS_KEY_FILES.has(basename(filename))) maps.push(servers);
  const vscodeSettings = objectAt(root, 'mcp');
  const vscodeServers = vscodeSettings && objectAt(vscodeSettings, 'servers');
  if (vscodeServers) maps.push(vscodeServers);
  const zedServers = objectAt(root, 'context_servers');
  if (zedServers) maps.push(zedServers);
  return maps;
}

function collectMcpServers(object: JsonObject, depth: number, maps: JsonObject[]): void {
  for (const member of object.members) {
    if (member.value.type !== 'Object') continue;
    if (memberName(member) === 'mcpServers') maps.push(member.value);
    else if (depth < MCP_SERVERS_MAX_DEPTH) collectMcpServers(member.value, depth + 1, maps);
  }
}

/** The server definitions of a server map: `{ "name": { command, args, env, url, headers } }`. */
export function serverDefinitions(map: JsonObject): JsonObject[] {
  return map.members.flatMap((member) => (member.value.type === 'Object' ? [member.value] : []));
}
