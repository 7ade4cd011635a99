// Literal credentials in YAML manifests: docker-compose, Kubernetes (env, args, kind: Secret), Helm values, CI files.
// The YAML is read as a tree (eslint-plugin-yml's language), so every finding is the exact value node.
import type { AST } from 'yaml-eslint-parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { judgeArguments } from '../util/command-args.js';
import { createRule } from '../util/create-rule.js';
import { decodeSecretData, sealedSecretData, secretFields, type SecretField } from '../util/kubernetes-secret.js';
import { judgeNamedValue, judgeValueAlone, type SecretFinding, type SecretKind } from '../util/secret-value.js';
import { asScalar, findPair, hasApplicationTag, pairKey, scalarAt, scalarText } from '../util/yaml-ast.js';

type MessageIds = SecretKind | 'secretArgument' | 'secretData' | 'useComposeVariable';

const WHAT_IS_IN_SECRET_DATA: Record<SecretKind, string> = {
  vaultToken: 'a Vault token',
  vaultTokenVariable: 'a Vault token',
  urlPassword: 'a connection URL with a password',
  privateKey: 'a private key',
  secretValue: 'a literal credential',
};

export default createRule<[], MessageIds>({
  name: 'no-secret-in-manifest',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow literal Vault tokens, passwords and credential URLs in YAML manifests (Compose, Kubernetes, Helm values)',
      recommended: true,
    },
    languages: ['mcp-secrets/yaml', 'yml/yaml'],
    hasSuggestions: true,
    schema: [],
    messages: {
      vaultToken:
        'A Vault token is written into this manifest: whoever reads the file can use it, and it never rotates. Let the workload log in instead (Vault Agent injector annotations with a Kubernetes auth role), or reference a Secret with valueFrom.secretKeyRef.',
      vaultTokenVariable:
        '{{name}} is given a literal token: a static Vault token never rotates and cannot be revoked selectively. Use Vault Agent injector annotations with a Kubernetes auth role (the app reads the Agent token file), or valueFrom.secretKeyRef.',
      urlPassword:
        "This connection URL embeds the password of '{{user}}'. Keep host, port and database in the URL and take the credentials from Vault's database secrets engine (createDynamicPgPool in mcp-secrets-runtime) or from a valueFrom.secretKeyRef.",
      privateKey:
        'A private key is written into this manifest. Mount it from a Secret that is not committed (Vault Agent injector, Vault Secrets Operator, External Secrets), or issue certificates from Vault PKI.',
      secretValue:
        '{{name}} has a literal value: credentials in manifests leak through the repository and never rotate. Reference it instead: valueFrom.secretKeyRef in Kubernetes, ${VARIABLE} or secrets: in Compose, Vault Agent injector annotations with a Kubernetes auth role.',
      secretArgument:
        'A literal {{name}} is passed on the command line: command lines show in process listings and `kubectl describe`. Read it from a file mounted by the Vault Agent injector, or from an env var set with valueFrom.secretKeyRef.',
      secretData:
        "Key '{{key}}' of this Kubernetes Secret holds {{what}}, committed with the manifest (base64 is an encoding, not encryption). Keep Secret values out of the repository: Vault Agent injector annotations with a Kubernetes auth role, Vault Secrets Operator or External Secrets.",
      useComposeVariable: 'Read {{name}} from the environment or an untracked .env file: ${{{name}}}.',
    },
  },
  defaultOptions: [],
  create(context) {
    /** `data` / `stringData` mappings of Secret objects: their pairs are judged as Secret data, not as plain keys. */
    const secretDataMappings = new Map<AST.YAMLMapping, SecretField>();
    /** SealedSecret ciphertext: encrypted for the cluster, so never a literal secret. */
    const encryptedMappings = new Set<AST.YAMLMapping>();

    function report(node: AST.YAMLScalar, messageId: MessageIds, data: Record<string, string>, suggest?: TSESLint.ReportSuggestionArray<MessageIds>): void {
      context.report({ loc: node.loc, messageId, data, suggest });
    }

    function reportFinding(node: AST.YAMLScalar, finding: SecretFinding, onCommandLine = false): void {
      const name = finding.name ?? '';
      if (finding.kind === 'secretValue' && onCommandLine) {
        report(node, 'secretArgument', { name });
      } else {
        report(node, finding.kind, { name, user: finding.user ?? '' }, composeSuggestion(node, finding));
      }
    }

    /** In a Compose service's `environment`, offer `${NAME}` interpolation in place of the literal. */
    function composeSuggestion(node: AST.YAMLScalar, finding: SecretFinding): TSESLint.ReportSuggestionArray<MessageIds> | undefined {
      const name = finding.name;
      if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !isComposeEnvironmentValue(node)) return undefined;
      const inList = node.parent.type === 'YAMLSequence';
      const replacement = inList ? `"${name}=\${${name}}"` : `"\${${name}}"`;
      return [
        {
          messageId: 'useComposeVariable',
          data: { name },
          fix: (fixer) => fixer.replaceTextRange(node.range, replacement),
        },
      ];
    }

    function judgeSecretData(key: string, scalar: AST.YAMLScalar, field: SecretField): void {
      const text = scalarText(scalar);
      if (text === undefined) return;
      const value = field === 'data' ? decodeSecretData(text) : text;
      if (value === undefined) return;
      const finding = judgeNamedValue(key, value);
      if (finding) report(scalar, 'secretData', { key, what: WHAT_IS_IN_SECRET_DATA[finding.kind] });
    }

    return {
      YAMLMapping(node: AST.YAMLMapping) {
        const kind = scalarAt(node, 'kind');
        if (kind === 'Secret') {
          for (const [mapping, field] of secretFields(node)) secretDataMappings.set(mapping, field);
        } else if (kind === 'SealedSecret') {
          const sealed = sealedSecretData(node);
          if (sealed) encryptedMappings.add(sealed);
        }
      },
      YAMLPair(node: AST.YAMLPair) {
        const scalar = asScalar(node.value);
        const text = scalarText(scalar);
        if (!scalar || text === undefined || encryptedMappings.has(node.parent)) return;
        const key = pairKey(node);
        const secretField = secretDataMappings.get(node.parent);
        if (secretField) {
          if (key !== undefined) judgeSecretData(key, scalar, secretField);
          return;
        }
        const finding = hasApplicationTag(node.value) ? judgeValueAlone(text) : judgeNamedValue(envEntryName(node) ?? key, text);
        if (finding) reportFinding(scalar, finding);
      },
      YAMLSequence(node: AST.YAMLSequence) {
        const scalars = node.entries.map((entry) => asScalar(entry));
        // Most sequences hold mappings (containers, env entries): nothing to judge at this level.
        if (scalars.every((scalar) => scalar === undefined)) return;
        const texts = scalars.map((scalar, index) => (hasApplicationTag(node.entries[index]) ? undefined : scalarText(scalar)));
        for (const finding of judgeArguments(texts)) {
          const scalar = scalars[finding.index];
          if (scalar) reportFinding(scalar, finding, finding.onCommandLine);
        }
      },
    };
  },
});

/** For the `value` of a Kubernetes-style `{ name: DB_PASSWORD, value: ... }` entry, the variable's name. */
function envEntryName(pair: AST.YAMLPair): string | undefined {
  if (pairKey(pair) !== 'value') return undefined;
  return scalarAt(pair.parent, 'name');
}

/** The pair that owns a value node, looking through tags and anchors. */
function owningPair(node: AST.YAMLNode): AST.YAMLPair | undefined {
  const parent = node.parent?.type === 'YAMLWithMeta' ? node.parent.parent : node.parent;
  return parent?.type === 'YAMLPair' ? parent : undefined;
}

/** True for a scalar in `services.<service>.environment` (map or list form) of a Compose file. */
function isComposeEnvironmentValue(scalar: AST.YAMLScalar): boolean {
  const container = scalar.parent.type === 'YAMLPair' ? scalar.parent.parent : scalar.parent;
  if (container.type !== 'YAMLMapping' && container.type !== 'YAMLSequence') return false;
  const environment = owningPair(container);
  if (!environment || pairKey(environment) !== 'environment') return false;
  const service = owningPair(environment.parent);
  const services = service && owningPair(service.parent);
  return services !== undefined && pairKey(services) === 'services' && findPair(services.parent, 'services') === services;
}
