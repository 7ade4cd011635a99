/**
 * Kubernetes ServiceAccount JWTs for tests: a per-process RSA test key pair, a signer producing projected
 * (kubernetes.io claims) or legacy ServiceAccount tokens, and the verifier the Kubernetes auth method uses.
 */
import { constants, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

export interface ServiceAccountJwtOptions {
  namespace: string;
  name: string;
  uid?: string;
  /** Seconds from now until exp; negative for an already expired token. Default 3600. */
  expiresInSeconds?: number;
  audience?: string | string[];
  issuer?: string;
  /** Legacy secret-based token claims instead of a projected token's. */
  legacy?: boolean;
  /** Sign with this key instead of the process's test key (e.g. to produce a token with a bad signature). */
  privateKey?: KeyObject;
}

let keys: { privateKey: KeyObject; publicKey: KeyObject; publicKeyPem: string } | undefined;

/** The process-wide test key pair (generated on first use). Configure its PEM as pem_keys on the auth mount. */
export function kubernetesTestKeys(): { privateKey: KeyObject; publicKey: KeyObject; publicKeyPem: string } {
  if (!keys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }
  return keys;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Signs a ServiceAccount JWT (RS256) shaped like the kubelet's projected token. */
export function signServiceAccountJwt(opts: ServiceAccountJwtOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const uid = opts.uid ?? randomUUID();
  const payload: Record<string, unknown> = opts.legacy
    ? {
        iss: opts.issuer ?? 'kubernetes/serviceaccount',
        'kubernetes.io/serviceaccount/namespace': opts.namespace,
        'kubernetes.io/serviceaccount/secret.name': `${opts.name}-token`,
        'kubernetes.io/serviceaccount/service-account.name': opts.name,
        'kubernetes.io/serviceaccount/service-account.uid': uid,
        sub: `system:serviceaccount:${opts.namespace}:${opts.name}`,
      }
    : {
        aud: opts.audience === undefined ? ['https://kubernetes.default.svc.cluster.local'] : opts.audience,
        exp: now + (opts.expiresInSeconds ?? 3600),
        iat: now,
        nbf: now,
        iss: opts.issuer ?? 'https://kubernetes.default.svc.cluster.local',
        'kubernetes.io': {
          namespace: opts.namespace,
          pod: { name: `${opts.name}-pod`, uid: randomUUID() },
          serviceaccount: { name: opts.name, uid },
        },
        sub: `system:serviceaccount:${opts.namespace}:${opts.name}`,
      };
  if (opts.legacy && opts.expiresInSeconds !== undefined) payload.exp = now + opts.expiresInSeconds;
  const signingInput = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), opts.privateKey ?? kubernetesTestKeys().privateKey);
  return `${signingInput}.${b64url(signature)}`;
}

export class JwtError extends Error {}

const ALGORITHMS: Record<string, { hash: string; kind: 'rsa' | 'pss' | 'ec' }> = {
  RS256: { hash: 'sha256', kind: 'rsa' },
  RS384: { hash: 'sha384', kind: 'rsa' },
  RS512: { hash: 'sha512', kind: 'rsa' },
  PS256: { hash: 'sha256', kind: 'pss' },
  PS384: { hash: 'sha384', kind: 'pss' },
  PS512: { hash: 'sha512', kind: 'pss' },
  ES256: { hash: 'sha256', kind: 'ec' },
  ES384: { hash: 'sha384', kind: 'ec' },
  ES512: { hash: 'sha512', kind: 'ec' },
};

/** Parses PEM public keys (SPKI or certificates); throws JwtError if none is usable. */
export function parsePublicKeys(pems: string[]): KeyObject[] {
  const out: KeyObject[] = [];
  for (const pem of pems) {
    try {
      out.push(createPublicKey(pem));
    } catch {
      throw new JwtError('data does not contain any valid RSA or ECDSA public keys');
    }
  }
  return out;
}

/** Verifies the signature against any of the keys and returns the claims. Does not check exp (the caller does). */
export function verifyJwt(jwt: string, keys: KeyObject[]): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new JwtError('malformed token');
  let header: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed token');
  }
  const alg = ALGORITHMS[header.alg ?? ''];
  if (!alg) throw new JwtError(`unsupported signing algorithm "${header.alg}"`);
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const ok = keys.some((key) => {
    try {
      if (alg.kind === 'ec') return verify(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      if (alg.kind === 'pss') {
        return verify(alg.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
      }
      return verify(alg.hash, data, key, signature);
    } catch {
      return false;
    }
  });
  if (!ok) throw new JwtError('failed to verify signature');
  return claims;
}
