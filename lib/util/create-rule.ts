import { ESLintUtils } from '@typescript-eslint/utils';

export interface McpSecretsRuleDocs {
  /** Part of `configs.recommended` (every rule there is an error). */
  recommended: boolean;
  /**
   * Code rules only: whether the rule can report anything in a TypeScript declaration file (.d.ts), which holds
   * types and literal constants but no code that runs. `recommended` turns the rules that cannot off there.
   */
  declarationFiles?: boolean;
}

const ruleCreator = ESLintUtils.RuleCreator<McpSecretsRuleDocs>(
  (name) => `https://github.com/mcp-secrets/eslint-plugin-mcp-secrets/blob/main/docs/rules/${name}.md`,
);

/**
 * Every rule is built through this, so its docs URL points at docs/rules/<name>.md. RuleCreator alone would merge
 * the default options into the configured ones, with a deep clone, for every file and every rule; the result only
 * depends on the configuration, so here it is merged once per configuration and shared, frozen, between files
 * (in bench/lint.bench.ts that per-file clone was about a sixth of the plugin's own overhead).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, McpSecretsRuleDocs>>,
): ReturnType<typeof ruleCreator<Options, MessageIds>> {
  const module = ruleCreator(rule);
  const defaults = (rule.meta.defaultOptions ?? rule.defaultOptions ?? []) as Readonly<Options>;
  const merged = new Map<string, Options>();
  // ESLint hands each file a fresh copy of the options (merged with meta.defaultOptions), nearly always equal to the
  // previous file's: comparing with that is much cheaper than serialising them to look them up.
  let lastSeen: readonly unknown[] | undefined;
  let lastMerged: Options | undefined;
  // A rule without options needs none of this: it runs for every file, so even the comparison shows.
  if (!Array.isArray(rule.meta.schema) || rule.meta.schema.length === 0) {
    return { ...module, create: (context) => rule.create(context, defaults) };
  }
  return {
    ...module,
    create(context) {
      if (lastMerged === undefined || !sameOptions(context.options, lastSeen)) {
        const key = context.options.length === 0 ? '' : JSON.stringify(context.options);
        let options = merged.get(key);
        if (options === undefined) {
          options = deepFreeze(ESLintUtils.applyDefault<Options, Options>(defaults, context.options));
          merged.set(key, options);
        }
        lastSeen = context.options;
        lastMerged = options;
      }
      return rule.create(context, lastMerged);
    },
  };
}

/**
 * `build` memoised on an options value (an array or object from the options createRule shares between files), so
 * what a rule derives from its configuration (a Set of names, a text gate) is built once per configuration.
 */
export function perConfiguration<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const built = new WeakMap<K, V>();
  // Nearly every file asks with the same configuration as the one before: an identity check spares the WeakMap.
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key) => {
    if (key === lastKey) return lastValue as V;
    let value = built.get(key);
    if (value === undefined) {
      value = build(key);
      built.set(key, value);
    }
    lastKey = key;
    lastValue = value;
    return value;
  };
}

/** ESLint's per-file options array is a fresh shallow copy: its elements are usually the very same objects. */
function sameOptions(options: readonly unknown[], previous: readonly unknown[] | undefined): boolean {
  if (previous === undefined || options.length !== previous.length) return false;
  for (let i = 0; i < options.length; i++) if (options[i] !== previous[i] && !sameJson(options[i], previous[i])) return false;
  return true;
}

/** Deep equality of JSON-like values (rule options are validated against a JSON schema). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Options shared between files must not be changed by one of them: a rule that tries throws in its tests. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
