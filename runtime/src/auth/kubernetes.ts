import { readFile } from 'node:fs/promises';
import { VaultAuthError, VaultConfigError } from '../errors.js';
import type { VaultResponse } from '../http.js';
import { rememberSecret } from '../redact.js';
import { cleanMount, loginError, loginFromResponse } from './login-response.js';
import type { AuthContext, AuthLogin, AuthMethod } from './types.js';

export const DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubernetesAuthOptions {
  /** Vault role bound to the ServiceAccount. Default VAULT_K8S_ROLE. */
  role?: string;
  /** The projected ServiceAccount token. Default VAULT_K8S_TOKEN_PATH or the standard path. */
  tokenPath?: string;
  /** Auth mount path. Default VAULT_K8S_MOUNT or "kubernetes". */
  mount?: string;
  env?: NodeJS.ProcessEnv;
}

/** Kubernetes auth: logs in with the pod's projected ServiceAccount JWT, re-read at every login (kubelet rotates it). */
export function kubernetesAuth(options: KubernetesAuthOptions = {}): AuthMethod {
  const env = options.env ?? process.env;
  const role = options.role ?? env.VAULT_K8S_ROLE;
  if (!role) throw new VaultConfigError('Kubernetes auth needs a Vault role: pass role or set VAULT_K8S_ROLE');
  const tokenPath = options.tokenPath ?? env.VAULT_K8S_TOKEN_PATH ?? DEFAULT_SERVICE_ACCOUNT_TOKEN_PATH;
  const mount = cleanMount(options.mount ?? env.VAULT_K8S_MOUNT ?? 'kubernetes');
  return {
    type: 'kubernetes',
    async login(ctx: AuthContext): Promise<AuthLogin> {
      const jwt = await readJwt(tokenPath);
      const path = `auth/${mount}/login`;
      let body: VaultResponse | undefined;
      try {
        body = await ctx.request<VaultResponse>({ method: 'POST', path, body: { role, jwt } });
      } catch (err) {
        throw loginError('Kubernetes', path, err, `Check that role "${role}" exists and is bound to this pod's ServiceAccount and namespace.`);
      }
      return loginFromResponse(body, path);
    },
  };
}

async function readJwt(path: string): Promise<string> {
  let jwt: string;
  try {
    jwt = (await readFile(path, 'utf8')).trim();
  } catch (err) {
    throw new VaultAuthError(`cannot read the ServiceAccount token ${path} (is a token projected into this pod?)`, { cause: err });
  }
  if (!jwt) throw new VaultAuthError(`the ServiceAccount token file ${path} is empty`);
  rememberSecret(jwt);
  return jwt;
}
