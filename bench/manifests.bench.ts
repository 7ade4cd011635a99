// Manifest rules benchmark: YAML and MCP-config linting with the plugin's manifest configs, against the same
// languages with no rules (parse only), on one generated corpus in the same run. Reported as ratios, since absolute
// times on a shared machine drift. Run alone with `npm run bench -- manifests`.
import { ESLint, type Linter } from 'eslint';
import plugin from '../lib/index.js';

const ROUNDS = 5;

interface CorpusFile {
  filename: string;
  text: string;
  kind: string;
}

/** Deterministic pseudo-random numbers (LCG), so every run lints the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const next = random(20_240_601);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
const word = (): string => pick(['api', 'worker', 'search', 'billing', 'vault', 'db', 'cache', 'queue', 'auth', 'mcp']);
const token = (): string => `hvs.${Array.from({ length: 96 }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])).join('')}`;
const b64 = (text: string): string => Buffer.from(text).toString('base64');

function compose(i: number): string {
  const services = Array.from({ length: 3 + (i % 4) }, (_, s) => {
    const leaky = next() < 0.3;
    const list = s % 2 === 0;
    const env = [
      ['VAULT_ADDR', 'https://vault.internal:8200'],
      ['LOG_LEVEL', pick(['info', 'debug'])],
      ['VAULT_TOKEN', leaky ? token() : '${VAULT_TOKEN}'],
      // A planted leak for the YAML rule to find; as TS source it is (rightly) a finding of the code rule too.
      // eslint-disable-next-line mcp-secrets/no-static-db-credentials
      ['DATABASE_URL', leaky ? 'postgres://app:hunter2@db:5432/app' : 'postgres://db:5432/app'],
      ['PORT', String(3000 + s)],
    ];
    const environment = list
      ? env.map(([k, v]) => `      - ${k}=${v}`).join('\n')
      : env.map(([k, v]) => `      ${k}: "${v}"`).join('\n');
    return `  ${word()}-${s}:\n    image: ghcr.io/acme/${word()}:1.${s}\n    ports: ["${3000 + s}:${3000 + s}"]\n    environment:\n${environment}\n    command: ["node", "dist/server.js", "--port", "${3000 + s}"]`;
  });
  return `services:\n${services.join('\n')}\nvolumes:\n  data: {}\n`;
}

function deployment(i: number): string {
  const containers = Array.from({ length: 1 + (i % 3) }, (_, c) => `        - name: ${word()}-${c}
          image: ghcr.io/acme/${word()}:2.${c}
          args: ["--listen", ":8080", "--log-level", "info"]
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
            - name: API_KEY
              value: "${next() < 0.2 ? 'sk-live-0123456789' : '$(API_KEY_FROM_FILE)'}"
            - name: REPLICA
              value: "${c}"
          resources:
            limits: { cpu: 500m, memory: 256Mi }`);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${word()}-${i}
  labels: { app: ${word()} }
spec:
  replicas: ${1 + (i % 3)}
  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/role: "mcp-server"
        vault.hashicorp.com/agent-inject-secret-db: "database/creds/mcp-app"
    spec:
      containers:
${containers.join('\n')}
---
apiVersion: v1
kind: Service
metadata:
  name: ${word()}-${i}
spec:
  ports: [{ port: 80, targetPort: 8080 }]
`;
}

function secret(i: number): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${word()}-${i}
type: Opaque
data:
  username: ${b64('app')}
  password: ${b64(next() < 0.5 ? 'hunter2-prod' : '')}
  DATABASE_URL: ${b64('postgres://db:5432/app')}
stringData:
  config.yaml: |
    log: info
    port: 8080
`;
}

function helmValues(i: number): string {
  const sections = Array.from({ length: 8 + (i % 8) }, (_, s) => `${word()}${s}:
  enabled: ${s % 2 === 0}
  image:
    repository: ghcr.io/acme/${word()}
    tag: "1.${s}.${i}"
  auth:
    existingSecret: ${word()}-credentials
    password: "${next() < 0.15 ? 'Pr0d-Passw0rd' : '{{ .Values.global.password }}'}"
  resources:
    requests: { cpu: 100m, memory: 128Mi }
  extraEnv:
    - name: FEATURE_${s}
      value: "on"`);
  return `global:\n  domain: acme.example\n${sections.join('\n')}\n`;
}

function mcpConfig(i: number): { filename: string; text: string } {
  const servers = Array.from({ length: 2 + (i % 5) }, (_, s) => {
    const leaky = next() < 0.25;
    return `    "${word()}-${s}": {
      "command": "${pick(['node', 'npx', 'docker', 'uvx'])}",
      "args": ["-y", "@acme/${word()}-mcp", "--port", "${4000 + s}"${leaky ? ', "--api-key", "sk-live-abcdef"' : ''}],
      "env": {
        "VAULT_ADDR": "https://vault.internal:8200",
        "VAULT_ROLE_ID": "8f1c2d3e-aaaa-bbbb-cccc-1234567890ab",
        "VAULT_SECRET_ID": "${leaky ? '0b7a6c4d-1111-2222-3333-abcdefabcdef' : '${input:secret-id}'}"
      }
    }`;
  });
  const variant = i % 3;
  const key = variant === 1 ? 'servers' : 'mcpServers';
  const filename = [`p${i}/.mcp.json`, `p${i}/.vscode/mcp.json`, `p${i}/claude_desktop_config.json`][variant];
  return { filename, text: `{\n  "${key}": {\n${servers.join(',\n')}\n  }\n}\n` };
}

function otherJson(i: number): { filename: string; text: string } {
  if (i % 2 === 0) {
    const deps = Array.from({ length: 20 }, (_, d) => `    "${word()}-${d}": "^${d}.${i % 10}.0"`).join(',\n');
    return { filename: `p${i}/package.json`, text: `{\n  "name": "acme-${i}",\n  "version": "1.0.0",\n  "dependencies": {\n${deps}\n  }\n}\n` };
  }
  return { filename: `p${i}/tsconfig.json`, text: `{\n  // comments are fine in JSONC\n  "compilerOptions": { "strict": true, "module": "NodeNext", "outDir": "dist", },\n}\n` };
}

/** 1,300 files: Compose, Kubernetes (multi-document), Secrets, Helm values, MCP configs, and unrelated JSON. */
export function manifestCorpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (let i = 0; i < 250; i++) files.push({ filename: `p${i}/docker-compose.yml`, text: compose(i), kind: 'compose' });
  for (let i = 0; i < 250; i++) files.push({ filename: `p${i}/k8s/deployment.yaml`, text: deployment(i), kind: 'kubernetes' });
  for (let i = 0; i < 150; i++) files.push({ filename: `p${i}/k8s/secret.yaml`, text: secret(i), kind: 'secret' });
  for (let i = 0; i < 200; i++) files.push({ filename: `p${i}/chart/values.yaml`, text: helmValues(i), kind: 'helm' });
  for (let i = 0; i < 300; i++) files.push({ ...mcpConfig(i), kind: 'mcp' });
  for (let i = 0; i < 150; i++) files.push({ ...otherJson(i), kind: 'other-json' });
  return files;
}

function withoutRules(configs: Linter.Config[]): Linter.Config[] {
  return configs.map((config) => ({ ...config, rules: {} }));
}

interface Side {
  eslint: ESLint;
  ns: bigint;
  findings: number;
  fatal: number;
}

async function lintOne(side: Side, file: CorpusFile): Promise<void> {
  const start = process.hrtime.bigint();
  const [result] = await side.eslint.lintText(file.text, { filePath: file.filename });
  side.ns += process.hrtime.bigint() - start;
  side.fatal += result.fatalErrorCount;
  side.findings += result.messages.length - result.fatalErrorCount;
}

/**
 * Lints every file with every config, file by file, rotating which goes first: on a shared machine load drifts over
 * seconds, and interleaving at the file level makes all sides see the same drift.
 */
async function interleaved(files: readonly CorpusFile[], sides: readonly Side[], rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const [index, file] of files.entries()) {
      for (let k = 0; k < sides.length; k++) await lintOne(sides[(index + round + k) % sides.length], file);
    }
  }
}

function side(cwd: string, overrideConfig: Linter.Config[]): Side {
  return { eslint: new ESLint({ cwd, overrideConfigFile: true, overrideConfig }), ns: 0n, findings: 0, fatal: 0 };
}

/** A rule with an empty visitor: ESLint then walks the whole AST, which any enabled rule makes it do. */
const noopPlugin = { rules: { noop: { meta: { type: 'problem' as const, schema: [] }, create: () => ({}) } } };

function withNoopRule(configs: Linter.Config[]): Linter.Config[] {
  return configs.map((config) => ({ ...config, plugins: { ...config.plugins, bench: noopPlugin }, rules: { 'bench/noop': 'error' } }));
}

export async function benchManifests(): Promise<Record<string, unknown>> {
  // The YAML and JSON config objects of `recommended`, as users get them, and the same objects with no rules.
  const manifestConfigs = plugin.configs.recommended.filter((config) => config.language !== undefined);
  const cwd = '/corpus';
  const corpus = manifestCorpus().map((file) => ({ ...file, filename: `${cwd}/${file.filename}` }));
  const unrelatedJson = corpus.filter((file) => file.kind === 'other-json');

  // Warm-up round (JIT, config caches), then check the corpus parses and the rules find what was planted.
  const warm = [side(cwd, withoutRules(manifestConfigs)), side(cwd, manifestConfigs)];
  await interleaved(corpus, warm, 1);
  if (warm[0].fatal + warm[1].fatal > 0) throw new Error('some corpus files did not parse');

  const parseOnly = side(cwd, withoutRules(manifestConfigs));
  const traversal = side(cwd, withNoopRule(manifestConfigs));
  const withRules = side(cwd, manifestConfigs);
  await interleaved(corpus, [parseOnly, traversal, withRules], ROUNDS);
  const unrelatedParse = side(cwd, withoutRules(manifestConfigs));
  const unrelatedRules = side(cwd, manifestConfigs);
  // Small files, so more rounds to get past timer noise.
  await interleaved(unrelatedJson, [unrelatedParse, unrelatedRules], ROUNDS * 6);

  const ms = (ns: bigint): number => Number(ns / BigInt(ROUNDS)) / 1e6;
  const ratio = Number(withRules.ns) / Number(parseOnly.ns);
  return {
    'corpus files (YAML + JSON)': corpus.length,
    'corpus by kind': Object.fromEntries(['compose', 'kubernetes', 'secret', 'helm', 'mcp', 'other-json'].map((kind) => [kind, corpus.filter((f) => f.kind === kind).length])),
    'findings in the corpus': warm[1].findings,
    [`parse only, ms per pass (mean of ${ROUNDS})`]: ms(parseOnly.ns),
    [`no-op rule (ESLint's AST walk only), ms per pass (mean of ${ROUNDS})`]: ms(traversal.ns),
    [`with the manifest rules, ms per pass (mean of ${ROUNDS})`]: ms(withRules.ns),
    'ratio to parse-only': ratio,
    'rules added time, % of parse-only': (ratio - 1) * 100,
    'rules own time beyond the AST walk, % of parse-only': (Number(withRules.ns - traversal.ns) / Number(parseOnly.ns)) * 100,
    'JSON without a server map (package.json, tsconfig.json): ratio to parse-only': Number(unrelatedRules.ns) / Number(unrelatedParse.ns),
    // What linting every **/*.json costs a project: parse plus a few key lookups per file.
    'JSON without a server map: ms per file with the rules': ms(unrelatedRules.ns) / 6 / unrelatedJson.length,
  };
}
