// Kubernetes `kind: Secret` objects: `data` holds base64 (an encoding, not encryption), `stringData` plain text.
import type { AST } from 'yaml-eslint-parser';
import { mappingAt, scalarAt } from './yaml-ast.js';

export type SecretField = 'data' | 'stringData';

/** The `data` and `stringData` mappings of a `kind: Secret` object (SealedSecret, ExternalSecret... are not Secrets). */
export function secretFields(mapping: AST.YAMLMapping): [AST.YAMLMapping, SecretField][] {
  if (scalarAt(mapping, 'kind') !== 'Secret') return [];
  const fields: [AST.YAMLMapping, SecretField][] = [];
  const data = mappingAt(mapping, 'data');
  if (data) fields.push([data, 'data']);
  const stringData = mappingAt(mapping, 'stringData');
  if (stringData) fields.push([stringData, 'stringData']);
  return fields;
}

/** `spec.encryptedData` of a Bitnami SealedSecret: ciphertext only the cluster's controller can decrypt, safe to commit. */
export function sealedSecretData(mapping: AST.YAMLMapping): AST.YAMLMapping | undefined {
  if (scalarAt(mapping, 'kind') !== 'SealedSecret') return undefined;
  const spec = mappingAt(mapping, 'spec');
  return spec && mappingAt(spec, 'encryptedData');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text a `data` value decodes to; undefined when it is not base64 (a template, a typo) or not UTF-8 text. */
export function decodeSecretData(encoded: string): string | undefined {
  const compact = encoded.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  try {
    return utf8.decode(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }
}
