/**
 * The Kubernetes auth method. Real Vault checks the JWT's signature locally when pem_keys are configured and then
 * asks the cluster's TokenReview API; this server has no cluster, so the signature check (against pem_keys, or
 * the process's test key when none are configured) and the exp claim stand in for TokenReview.
 */
import type { Backend, BackendRequest, BackendResponse } from './backend.js';
import { VaultError, badRequest, internalError, notFound, unsupportedOperation, unsupportedPath } from './envelope.js';
import { JwtError, kubernetesTestKeys, parsePublicKeys, verifyJwt } from './kubernetes-jwt.js';
import type { KeyObject } from 'node:crypto';
import { listOf } from './token-backend.js';
import { checkTokenFields, parseTokenFields, tokenFieldsData, tokenGrant, tokenRenewSettings, type TokenParams } from './token-params.js';

interface Config {
  kubernetesHost: string;
  pemKeys: string[];
  keys: KeyObject[];
  issuer: string;
  disableIssValidation: boolean;
}

interface Role {
  boundNames: string[];
  boundNamespaces: string[];
  audience: string;
  token: TokenParams;
  aliasNameSource: string;
}

export class KubernetesAuthBackend implements Backend {
  readonly type = 'kubernetes';
  private config: Config | undefined;
  private readonly roles = new Map<string, Role>();

  isLoginPath(path: string): boolean {
    return path === 'login';
  }

  exists(req: BackendRequest): boolean {
    if (req.path === 'config') return this.config !== undefined;
    const m = /^role\/([^/]+)$/.exec(req.path);
    return m ? this.roles.has(m[1]) : true;
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    if (req.path === 'login') {
      if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
      return this.login(req.body);
    }
    if (req.path === 'config') return this.configEndpoint(req);
    if (req.path === 'role' || req.path === 'role/') {
      if (req.operation !== 'list') throw unsupportedOperation();
      if (this.roles.size === 0) throw notFound();
      return { data: { keys: [...this.roles.keys()].sort() } };
    }
    const m = /^role\/([^/]+)$/.exec(req.path);
    if (!m) throw unsupportedPath();
    return this.roleEndpoint(req, m[1]);
  }

  private configEndpoint(req: BackendRequest): BackendResponse | null {
    if (req.operation === 'read') {
      if (!this.config) throw notFound();
      return {
        data: {
          kubernetes_host: this.config.kubernetesHost,
          kubernetes_ca_cert: '',
          pem_keys: this.config.pemKeys,
          issuer: this.config.issuer,
          disable_iss_validation: this.config.disableIssValidation,
          disable_local_ca_jwt: false,
        },
      };
    }
    if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
    const host = String(req.body.kubernetes_host ?? '');
    if (!host) throw badRequest('no host provided');
    const pemKeys = listOfPem(req.body.pem_keys);
    let keys: KeyObject[];
    try {
      keys = parsePublicKeys(pemKeys);
    } catch (error) {
      throw badRequest(error instanceof Error ? error.message : String(error));
    }
    this.config = {
      kubernetesHost: host,
      pemKeys,
      keys,
      issuer: String(req.body.issuer ?? ''),
      disableIssValidation: req.body.disable_iss_validation !== false,
    };
    return null;
  }

  private roleEndpoint(req: BackendRequest, name: string): BackendResponse | null {
    const role = this.roles.get(name);
    switch (req.operation) {
      case 'read':
        if (!role) throw notFound();
        return {
          data: {
            alias_name_source: role.aliasNameSource,
            audience: role.audience,
            bound_service_account_names: role.boundNames,
            bound_service_account_namespaces: role.boundNamespaces,
            ...tokenFieldsData(role.token),
          },
        };
      case 'create':
      case 'update': {
        const b = req.body;
        const next: Role = {
          boundNames: b.bound_service_account_names !== undefined ? listOf(b.bound_service_account_names) : role?.boundNames ?? [],
          boundNamespaces: b.bound_service_account_namespaces !== undefined ? listOf(b.bound_service_account_namespaces) : role?.boundNamespaces ?? [],
          audience: b.audience !== undefined ? String(b.audience) : role?.audience ?? '',
          token: parseTokenFields(b, role?.token),
          aliasNameSource: b.alias_name_source !== undefined ? String(b.alias_name_source) : role?.aliasNameSource ?? 'serviceaccount_uid',
        };
        if (next.boundNames.length === 0) throw badRequest('"bound_service_account_names" can not be empty');
        if (next.boundNamespaces.length === 0) throw badRequest('"bound_service_account_namespaces" can not be empty');
        if (next.boundNames.length > 1 && next.boundNames.includes('*')) throw badRequest('can not mix "*" with values');
        // Vault's tokenutil checks every auth method's token fields alike.
        checkTokenFields(next.token);
        this.roles.set(name, next);
        return null;
      }
      case 'delete':
        this.roles.delete(name);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  private login(body: Record<string, unknown>): BackendResponse {
    const roleName = String(body.role ?? '');
    if (!roleName) throw badRequest('missing role');
    const jwt = String(body.jwt ?? '');
    if (!jwt) throw badRequest('missing jwt');
    const role = this.roles.get(roleName);
    if (!role) throw badRequest(`invalid role name "${roleName}"`);
    if (!this.config) throw internalError('could not load backend configuration');

    let claims: Record<string, unknown>;
    try {
      claims = verifyJwt(jwt, this.config.keys.length ? this.config.keys : [kubernetesTestKeys().publicKey]);
    } catch (error) {
      if (error instanceof JwtError) throw new VaultError(403, ['permission denied']);
      throw error;
    }
    // TokenReview rejects expired tokens; so do we.
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) throw new VaultError(403, ['permission denied']);
    if (!this.config.disableIssValidation) {
      const expected = this.config.issuer || 'kubernetes/serviceaccount';
      if (claims.iss !== expected) throw new VaultError(403, ['invalid issuer (iss) claim']);
    }
    if (role.audience) {
      const aud = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
      if (!aud.includes(role.audience)) throw new VaultError(403, ['invalid audience (aud) claim: audience claim does not match any expected audience']);
    }
    const sa = serviceAccountFrom(claims);
    if (!sa.uid) throw internalError('could not parse UID from claims');
    if (!(role.boundNames.length === 1 && role.boundNames[0] === '*') && !matchesAny(role.boundNames, sa.name)) {
      throw new VaultError(403, ['service account name not authorized']);
    }
    if (!(role.boundNamespaces[0] === '*' || matchesAny(role.boundNamespaces, sa.namespace))) {
      throw new VaultError(403, ['namespace not authorized']);
    }
    const metadata = {
      role: roleName,
      service_account_name: sa.name,
      service_account_namespace: sa.namespace,
      service_account_secret_name: sa.secretName,
      service_account_uid: sa.uid,
    };
    return {
      data: null,
      login: {
        ...tokenGrant(role.token),
        metadata,
        displayName: `${sa.namespace}-${sa.name}`,
        aliasName: role.aliasNameSource === 'serviceaccount_name' ? `${sa.namespace}/${sa.name}` : sa.uid,
        renewSettings: () => {
          const current = this.roles.get(roleName);
          if (!current) throw internalError(`role ${roleName} does not exist during renewal`);
          return tokenRenewSettings(current.token);
        },
      },
    };
  }
}

function serviceAccountFrom(claims: Record<string, unknown>): { name: string; namespace: string; uid: string; secretName: string } {
  const projected = claims['kubernetes.io'] as { namespace?: string; serviceaccount?: { name?: string; uid?: string } } | undefined;
  if (projected) {
    return {
      name: projected.serviceaccount?.name ?? '',
      namespace: projected.namespace ?? '',
      uid: projected.serviceaccount?.uid ?? '',
      secretName: '',
    };
  }
  return {
    name: String(claims['kubernetes.io/serviceaccount/service-account.name'] ?? ''),
    namespace: String(claims['kubernetes.io/serviceaccount/namespace'] ?? ''),
    uid: String(claims['kubernetes.io/serviceaccount/service-account.uid'] ?? ''),
    secretName: String(claims['kubernetes.io/serviceaccount/secret.name'] ?? ''),
  };
}

/** Vault's StrListContainsGlob: entries may contain "*" wildcards. */
function matchesAny(patterns: string[], value: string): boolean {
  return patterns.some((pattern) => {
    const parts = pattern.split('*');
    if (parts.length === 1) return pattern === value;
    let pos = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === 0) {
        if (!value.startsWith(part)) return false;
        pos = part.length;
      } else if (i === parts.length - 1) {
        return value.length - part.length >= pos && value.endsWith(part);
      } else {
        const found = value.indexOf(part, pos);
        if (found < 0) return false;
        pos = found + part.length;
      }
    }
    return true;
  });
}

function listOfPem(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s.trim());
  if (typeof value === 'string' && value.trim()) return [value];
  return [];
}
