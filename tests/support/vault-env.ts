/**
 * One entry point for integration tests: a real Vault when VAULT_ADDR and an admin VAULT_TOKEN are set, else the
 * project's Vault-compatible test server. The helpers configure what a suite needs through Vault's HTTP API only,
 * idempotently, so the same set-up runs against both. Use unique mount/role names per suite on a shared Vault.
 */
import type { TestPostgres } from './postgres.js';
import { kubernetesTestKeys } from './vault-server/kubernetes-jwt.js';
import { startVaultTestServer, type VaultTestServer } from './vault-server/index.js';

export interface TestVault {
  address: string;
  adminToken: string;
  /** Present only for the test server: tests needing faults skip when absent. */
  server?: VaultTestServer;
  close(): Promise<void>;
}

export async function startTestVault(): Promise<TestVault> {
  const address = process.env.VAULT_ADDR;
  // An admin token for test set-up only (the suites configure mounts and policies with it), never for app code.
  // eslint-disable-next-line mcp-secrets/no-static-vault-token
  const adminToken = process.env.VAULT_TOKEN;
  if (address && adminToken) {
    return { address: address.replace(/\/+$/, ''), adminToken, close: async () => {} };
  }
  const server = await startVaultTestServer();
  return { address: server.address, adminToken: server.rootToken, server, close: () => server.close() };
}

export interface VaultApiOptions {
  /** Defaults to the admin token; pass "" to send none. */
  token?: string;
  namespace?: string;
  wrapTtl?: string;
}

export interface VaultApiResult {
  status: number;
  // The Vault JSON body (undefined for 204).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One raw request to the Vault HTTP API (no retries, no interpretation). */
export async function vaultApi(v: TestVault, method: string, path: string, body?: unknown, opts: VaultApiOptions = {}): Promise<VaultApiResult> {
  const headers: Record<string, string> = {};
  const token = opts.token ?? v.adminToken;
  if (token) headers['X-Vault-Token'] = token;
  if (opts.namespace) headers['X-Vault-Namespace'] = opts.namespace;
  if (opts.wrapTtl) headers['X-Vault-Wrap-TTL'] = opts.wrapTtl;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${v.address}/v1/${path.replace(/^\/+/, '')}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Like vaultApi but throws on a status >= 400 (the message names the path and Vault's errors, never a token). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function vaultOk(v: TestVault, method: string, path: string, body?: unknown, opts?: VaultApiOptions): Promise<any> {
  const result = await vaultApi(v, method, path, body, opts);
  if (result.status >= 400) {
    throw new Error(`Vault ${method} ${path} failed with ${result.status}: ${JSON.stringify(result.body?.errors ?? result.body)}`);
  }
  return result.body;
}

async function ensureMount(v: TestVault, table: 'mounts' | 'auth', mount: string, type: string, options: Record<string, string> | undefined, namespace?: string): Promise<void> {
  const listing = await vaultOk(v, 'GET', `sys/${table}`, undefined, { namespace });
  const existing = listing?.data?.[`${mount}/`];
  if (existing) {
    const existingVersion = existing.options?.version ?? '1';
    if (existing.type !== type || (options?.version && options.version !== existingVersion)) {
      throw new Error(`${table === 'auth' ? 'auth/' : ''}${mount}/ is already mounted as ${existing.type} (version ${existingVersion})`);
    }
    return;
  }
  await vaultOk(v, 'POST', `sys/${table}/${mount}`, options ? { type, options } : { type }, { namespace });
}

/** Creates a child namespace (Vault Enterprise / OpenBao / the test server). */
export async function ensureNamespace(v: TestVault, name: string, opts: { parent?: string } = {}): Promise<void> {
  const existing = await vaultApi(v, 'GET', `sys/namespaces/${name}`, undefined, { namespace: opts.parent });
  if (existing.status === 200) return;
  await vaultOk(v, 'POST', `sys/namespaces/${name}`, {}, { namespace: opts.parent });
}

export async function setupAppRole(
  v: TestVault,
  opts: {
    mount?: string;
    role: string;
    policies: string[];
    tokenTtl?: string;
    tokenMaxTtl?: string;
    secretIdNumUses?: number;
    secretIdTtl?: string;
    namespace?: string;
  },
): Promise<{ roleId: string; secretId: string; mount: string }> {
  const mount = opts.mount ?? 'approle';
  const ns = { namespace: opts.namespace };
  await ensureMount(v, 'auth', mount, 'approle', undefined, opts.namespace);
  const role: Record<string, unknown> = { token_policies: opts.policies };
  if (opts.tokenTtl !== undefined) role.token_ttl = opts.tokenTtl;
  if (opts.tokenMaxTtl !== undefined) role.token_max_ttl = opts.tokenMaxTtl;
  if (opts.secretIdNumUses !== undefined) role.secret_id_num_uses = opts.secretIdNumUses;
  if (opts.secretIdTtl !== undefined) role.secret_id_ttl = opts.secretIdTtl;
  await vaultOk(v, 'POST', `auth/${mount}/role/${opts.role}`, role, ns);
  const roleId = (await vaultOk(v, 'GET', `auth/${mount}/role/${opts.role}/role-id`, undefined, ns)).data.role_id as string;
  const secretId = (await vaultOk(v, 'POST', `auth/${mount}/role/${opts.role}/secret-id`, {}, ns)).data.secret_id as string;
  return { roleId, secretId, mount };
}

/** A response-wrapped secret_id: the wrapping token (wrap_info.token). */
export async function wrappedSecretId(v: TestVault, opts: { mount?: string; role: string; wrapTtl?: string; namespace?: string }): Promise<string> {
  const mount = opts.mount ?? 'approle';
  const body = await vaultOk(v, 'POST', `auth/${mount}/role/${opts.role}/secret-id`, {}, { namespace: opts.namespace, wrapTtl: opts.wrapTtl ?? '60s' });
  return body.wrap_info.token as string;
}

export async function setupKv(v: TestVault, opts: { mount: string; version: 1 | 2; namespace?: string }): Promise<void> {
  await ensureMount(v, 'mounts', opts.mount, 'kv', { version: String(opts.version) }, opts.namespace);
}

/** Writes an ACL policy in Vault's JSON policy syntax: { "<path>": ["read", ...] }. */
export async function writePolicy(v: TestVault, name: string, paths: Record<string, string[]>, opts: { namespace?: string } = {}): Promise<void> {
  const policy = { path: Object.fromEntries(Object.entries(paths).map(([path, capabilities]) => [path, { capabilities }])) };
  await vaultOk(v, 'PUT', `sys/policies/acl/${name}`, { policy: JSON.stringify(policy) }, opts);
}

/** The creation statements from Vault's PostgreSQL documentation. */
export const POSTGRES_CREATION_STATEMENTS = [
  `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
  `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
];

/**
 * Database engine config (named after the role) + role. Revocation uses the plugin's default statements
 * (revoke privileges, REVOKE CONNECT, DROP ROLE). A real Vault must be able to reach pg.host:pg.port.
 */
export async function setupDatabase(
  v: TestVault,
  pg: TestPostgres,
  opts: { mount?: string; role: string; defaultTtl: string; maxTtl: string; namespace?: string },
): Promise<void> {
  const mount = opts.mount ?? 'database';
  const ns = { namespace: opts.namespace };
  await ensureMount(v, 'mounts', mount, 'database', undefined, opts.namespace);
  await vaultOk(
    v,
    'POST',
    `${mount}/config/${opts.role}`,
    {
      plugin_name: 'postgresql-database-plugin',
      // The embedded test cluster listens on loopback without TLS; lib/pq (real Vault) would default to sslmode=require.
      // eslint-disable-next-line mcp-secrets/require-tls-verification
      connection_url: `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/${pg.database}?sslmode=disable`,
      username: pg.user,
      password: pg.password,
      allowed_roles: [opts.role],
    },
    ns,
  );
  await vaultOk(
    v,
    'POST',
    `${mount}/roles/${opts.role}`,
    { db_name: opts.role, creation_statements: POSTGRES_CREATION_STATEMENTS, default_ttl: opts.defaultTtl, max_ttl: opts.maxTtl },
    ns,
  );
}

/**
 * Kubernetes auth with the test key as pem_keys (sign logins with signServiceAccountJwt). On a real Vault the
 * login also calls the cluster's TokenReview API, so Kubernetes login tests run against the test server only.
 */
export async function setupKubernetes(
  v: TestVault,
  opts: {
    mount?: string;
    role: string;
    policies: string[];
    boundServiceAccountNames: string[];
    boundServiceAccountNamespaces: string[];
    tokenTtl?: string;
    tokenMaxTtl?: string;
    audience?: string;
    namespace?: string;
  },
): Promise<{ mount: string }> {
  const mount = opts.mount ?? 'kubernetes';
  const ns = { namespace: opts.namespace };
  await ensureMount(v, 'auth', mount, 'kubernetes', undefined, opts.namespace);
  await vaultOk(v, 'POST', `auth/${mount}/config`, { kubernetes_host: 'https://kubernetes.default.svc', pem_keys: [kubernetesTestKeys().publicKeyPem] }, ns);
  const role: Record<string, unknown> = {
    bound_service_account_names: opts.boundServiceAccountNames,
    bound_service_account_namespaces: opts.boundServiceAccountNamespaces,
    token_policies: opts.policies,
  };
  if (opts.tokenTtl !== undefined) role.token_ttl = opts.tokenTtl;
  if (opts.tokenMaxTtl !== undefined) role.token_max_ttl = opts.tokenMaxTtl;
  if (opts.audience !== undefined) role.audience = opts.audience;
  await vaultOk(v, 'POST', `auth/${mount}/role/${opts.role}`, role, ns);
  return { mount };
}

export { signServiceAccountJwt, kubernetesTestKeys } from './vault-server/kubernetes-jwt.js';
