/**
 * ACL policies: parsing (the JSON form Vault accepts, plus the common HCL subset `path "x" { capabilities = [..] }`)
 * and evaluation with Vault's rules: an exact path beats any pattern; among patterns ("*" suffix glob, "+" segment
 * wildcard) the most specific wins, by Vault's documented priority order; rules for the same path in several
 * policies merge, and "deny" beats everything.
 */
import { badRequest } from './envelope.js';

export type Capability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny';

export interface Policy {
  name: string;
  text: string;
  rules: Map<string, Set<string>>;
}

/** Vault's built-in "default" policy (the token self-management and lease renewal paths). */
export const DEFAULT_POLICY_TEXT = JSON.stringify(
  {
    path: {
      'auth/token/lookup-self': { capabilities: ['read'] },
      'auth/token/renew-self': { capabilities: ['update'] },
      'auth/token/revoke-self': { capabilities: ['update'] },
      'sys/capabilities-self': { capabilities: ['update'] },
      'sys/internal/ui/resultant-acl': { capabilities: ['read'] },
      'sys/renew': { capabilities: ['update'] },
      'sys/leases/renew': { capabilities: ['update'] },
      'sys/leases/lookup': { capabilities: ['update'] },
      'cubbyhole/*': { capabilities: ['create', 'read', 'update', 'delete', 'list'] },
      'sys/wrapping/wrap': { capabilities: ['update'] },
      'sys/wrapping/lookup': { capabilities: ['update'] },
      'sys/wrapping/unwrap': { capabilities: ['update'] },
      'sys/tools/hash': { capabilities: ['update'] },
      'sys/tools/hash/*': { capabilities: ['update'] },
    },
  },
  null,
  2,
);

/** The policy of response-wrapping tokens: they can only unwrap. */
export const RESPONSE_WRAPPING_POLICY_TEXT = JSON.stringify({
  path: { 'cubbyhole/response': { capabilities: ['create', 'read'] }, 'sys/wrapping/unwrap': { capabilities: ['update'] } },
});

export function parsePolicy(name: string, text: string): Policy {
  const trimmed = text.trim();
  let pathBlocks: Array<[string, unknown]>;
  try {
    pathBlocks = trimmed.startsWith('{') ? pathBlocksFromJson(JSON.parse(trimmed)) : pathBlocksFromHcl(trimmed);
  } catch (error) {
    throw badRequest(`failed to parse policy: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rules = new Map<string, Set<string>>();
  for (const [path, block] of pathBlocks) {
    const caps = (block as { capabilities?: unknown })?.capabilities;
    if (!Array.isArray(caps)) continue;
    const set = rules.get(path) ?? new Set<string>();
    for (const cap of caps) set.add(String(cap).toLowerCase());
    rules.set(path, set);
  }
  return { name, text, rules };
}

function pathBlocksFromJson(doc: unknown): Array<[string, unknown]> {
  const path = (doc as { path?: unknown })?.path;
  if (path === undefined) return [];
  const objects = Array.isArray(path) ? path : [path];
  const out: Array<[string, unknown]> = [];
  for (const obj of objects) {
    if (typeof obj !== 'object' || obj === null) throw new Error('"path" must be an object');
    for (const [key, value] of Object.entries(obj)) {
      for (const block of Array.isArray(value) ? value : [value]) out.push([key, block]);
    }
  }
  return out;
}

// --- A small HCL reader: enough for policy documents (blocks, attributes, strings, lists, numbers, booleans).

type Token = { kind: 'string' | 'ident' | 'number' | 'punct'; value: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 2;
      continue;
    }
    if ('{}[]=,'.includes(c)) { tokens.push({ kind: 'punct', value: c }); i++; continue; }
    if (c === '"') {
      let value = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') { value += src[i + 1] ?? ''; i += 2; } else value += src[i++];
      }
      if (src[i] !== '"') throw new Error('unterminated string');
      i++;
      tokens.push({ kind: 'string', value });
      continue;
    }
    let word = '';
    while (i < src.length && /[A-Za-z0-9_.\-]/.test(src[i])) word += src[i++];
    if (!word) throw new Error(`unexpected character ${JSON.stringify(c)}`);
    tokens.push({ kind: /^-?\d/.test(word) ? 'number' : 'ident', value: word });
  }
  return tokens;
}

function pathBlocksFromHcl(src: string): Array<[string, unknown]> {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (value: string): void => {
    const t = tokens[pos++];
    if (!t || t.value !== value) throw new Error(`expected "${value}"`);
  };
  const parseValue = (): unknown => {
    const t = tokens[pos++];
    if (!t) throw new Error('unexpected end of input');
    if (t.kind === 'string') return t.value;
    if (t.kind === 'number') return Number(t.value);
    if (t.kind === 'ident') return t.value === 'true' ? true : t.value === 'false' ? false : t.value;
    if (t.value === '[') {
      const list: unknown[] = [];
      while (peek()?.value !== ']') {
        list.push(parseValue());
        if (peek()?.value === ',') pos++;
      }
      pos++;
      return list;
    }
    if (t.value === '{') {
      const body = parseBody('}');
      pos++;
      return Object.fromEntries(body.map(([k, , v]) => [k, v]));
    }
    throw new Error(`unexpected "${t.value}"`);
  };
  // Returns [name, labels, value] for attributes and blocks alike.
  const parseBody = (terminator?: string): Array<[string, string[], unknown]> => {
    const items: Array<[string, string[], unknown]> = [];
    while (pos < tokens.length && peek()?.value !== terminator) {
      const name = tokens[pos++];
      if (name.kind !== 'ident' && name.kind !== 'string') throw new Error(`unexpected "${name.value}"`);
      if (peek()?.value === '=') {
        pos++;
        items.push([name.value, [], parseValue()]);
        continue;
      }
      const labels: string[] = [];
      while (peek()?.kind === 'string') labels.push(tokens[pos++].value);
      expect('{');
      const body = parseBody('}');
      expect('}');
      items.push([name.value, labels, Object.fromEntries(body.map(([k, , v]) => [k, v]))]);
    }
    if (terminator && pos >= tokens.length) throw new Error(`expected "${terminator}"`);
    return items;
  };
  return parseBody()
    .filter(([name, labels]) => name === 'path' && labels.length === 1)
    .map(([, labels, value]) => [labels[0], value]);
}

// --- Evaluation

interface PatternRule { pattern: string; caps: Set<string> }

export class Acl {
  readonly root: boolean;
  private readonly exact = new Map<string, Set<string>>();
  private readonly patterns: PatternRule[] = [];

  constructor(policies: Policy[]) {
    this.root = policies.some((p) => p.name === 'root');
    const merged = new Map<string, Set<string>>();
    for (const policy of policies) {
      for (const [path, caps] of policy.rules) {
        const set = merged.get(path) ?? new Set<string>();
        for (const cap of caps) set.add(cap);
        merged.set(path, set);
      }
    }
    for (const [path, caps] of merged) {
      if (path.endsWith('*') || path.split('/').includes('+')) this.patterns.push({ pattern: path, caps });
      else this.exact.set(path, caps);
    }
  }

  /** Capabilities that apply to a request path (after picking the single best-matching rule). */
  capabilities(path: string): Set<string> {
    if (this.root) return new Set(['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo']);
    const exact = this.exact.get(path);
    if (exact) return exact;
    let best: PatternRule | undefined;
    for (const rule of this.patterns) {
      if (!patternMatches(rule.pattern, path)) continue;
      if (!best || comparePriority(rule.pattern, best.pattern) > 0) best = rule;
    }
    return best?.caps ?? new Set();
  }

  allows(path: string, capability: Capability, needSudo = false): boolean {
    if (this.root) return true;
    const caps = this.capabilities(path);
    if (caps.has('deny')) return false;
    return caps.has(capability) && (!needSudo || caps.has('sudo'));
  }

  /** True when any rule could grant something at or below prefix (used by sys/internal/ui/mounts). */
  hasAnyAccessUnder(prefix: string): boolean {
    if (this.root) return true;
    const grants = (caps: Set<string>): boolean => !caps.has('deny') && caps.size > 0;
    for (const [path, caps] of this.exact) if (path.startsWith(prefix) && grants(caps)) return true;
    for (const rule of this.patterns) {
      const literal = rule.pattern.split('+')[0].replace(/\*$/, '');
      if ((literal.startsWith(prefix) || prefix.startsWith(literal)) && grants(rule.caps)) return true;
    }
    return false;
  }
}

function patternMatches(pattern: string, path: string): boolean {
  const glob = pattern.endsWith('*');
  const body = glob ? pattern.slice(0, -1) : pattern;
  const patternSegments = body.split('/');
  const pathSegments = path.split('/');
  if (!glob && patternSegments.length !== pathSegments.length) return false;
  if (glob && pathSegments.length < patternSegments.length) return false;
  for (let i = 0; i < patternSegments.length; i++) {
    const want = patternSegments[i];
    const have = pathSegments[i];
    const last = i === patternSegments.length - 1;
    if (want === '+') {
      if (have === undefined || (last && !glob && have === '')) return false;
      continue;
    }
    if (last && glob) return have.startsWith(want);
    if (want !== have) return false;
  }
  return true;
}

/** > 0 when a has higher priority than b (Vault's "priority matching" rules, in order). */
function comparePriority(a: string, b: string): number {
  const firstWildcard = (p: string): number => {
    const positions = [p.indexOf('+'), p.indexOf('*')].filter((i) => i >= 0);
    return positions.length ? Math.min(...positions) : p.length;
  };
  if (firstWildcard(a) !== firstWildcard(b)) return firstWildcard(a) - firstWildcard(b);
  const aGlob = a.endsWith('*');
  const bGlob = b.endsWith('*');
  if (aGlob !== bGlob) return aGlob ? -1 : 1;
  const plusCount = (p: string): number => p.split('/').filter((s) => s === '+').length;
  if (plusCount(a) !== plusCount(b)) return plusCount(b) - plusCount(a);
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Vault's policyutil.SanitizePolicies: lower-case, trimmed, de-duplicated, sorted, "default" added if asked; root alone. */
export function sanitizePolicies(policies: string[], addDefault: boolean): string[] {
  const set = new Set(policies.map((p) => p.trim().toLowerCase()).filter(Boolean));
  if (set.has('root')) return ['root'];
  if (addDefault) set.add('default');
  return [...set].sort();
}
