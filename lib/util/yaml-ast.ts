// Small readers over yaml-eslint-parser's AST (the AST eslint-plugin-yml's `yaml` language produces).
import type { AST } from 'yaml-eslint-parser';

export type YamlValueNode = AST.YAMLContent | AST.YAMLWithMeta | null;

/** The content under tags and anchors (`!!str value`, `&anchor value`). */
export function unwrap(node: YamlValueNode): AST.YAMLContent | null {
  if (node === null) return null;
  return node.type === 'YAMLWithMeta' ? node.value : node;
}

/**
 * True for a value under an application tag (`!Ref DbPassword` in CloudFormation, `!secret db_password` in Home
 * Assistant, `!vault |` in Ansible): the application resolves it, so the text is a reference, not the value.
 * YAML's own tags (`!!str`) do not count.
 */
export function hasApplicationTag(node: YamlValueNode): boolean {
  return node?.type === 'YAMLWithMeta' && node.tag !== null && !node.tag.tag.startsWith('tag:yaml.org,2002:');
}

/** The scalar node of a value, or undefined for mappings, sequences, aliases and empty values. */
export function asScalar(node: YamlValueNode): AST.YAMLScalar | undefined {
  const content = unwrap(node);
  return content?.type === 'YAMLScalar' ? content : undefined;
}

/** A scalar's text as the application would see it in an env var: strings and numbers; booleans and null are not text. */
export function scalarText(scalar: AST.YAMLScalar | undefined): string | undefined {
  if (!scalar) return undefined;
  if (typeof scalar.value === 'string') return scalar.value;
  if (typeof scalar.value === 'number' && scalar.style === 'plain') return scalar.raw;
  return undefined;
}

/** The key of a pair as text (`environment`, `DB_PASSWORD`), or undefined for complex keys. */
export function pairKey(pair: AST.YAMLPair): string | undefined {
  return scalarText(asScalar(pair.key));
}

/** The pair with the given key in a mapping. */
export function findPair(mapping: AST.YAMLMapping, key: string): AST.YAMLPair | undefined {
  return mapping.pairs.find((pair) => pairKey(pair) === key);
}

/** The text of `mapping[key]` when it is a scalar. */
export function scalarAt(mapping: AST.YAMLMapping, key: string): string | undefined {
  const pair = findPair(mapping, key);
  return pair ? scalarText(asScalar(pair.value)) : undefined;
}

/** The mapping under `mapping[key]`, if that is what it holds. */
export function mappingAt(mapping: AST.YAMLMapping, key: string): AST.YAMLMapping | undefined {
  const pair = findPair(mapping, key);
  const content = pair ? unwrap(pair.value) : null;
  return content?.type === 'YAMLMapping' ? content : undefined;
}
