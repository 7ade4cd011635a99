/**
 * The Vault-compatible test server: real HTTP on 127.0.0.1, configured only through Vault's own API with the
 * root token, plus fault injection. See docs/testing-vault-server.md.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { AppRoleBackend } from './approle.js';
import type { Backend } from './backend.js';
import { VaultCore, type BackendFactory } from './core.js';
import { DatabaseBackend } from './database.js';
import { FaultState } from './faults.js';
import { createRequestHandler } from './http-server.js';
import { KubernetesAuthBackend } from './kubernetes-auth.js';
import { KvV1Backend, KvV2Backend } from './kv.js';
import { ListMethodRewriter } from './list-method.js';
import { SystemBackend } from './system-backend.js';
import { TokenBackend } from './token-backend.js';

export { kubernetesTestKeys, signServiceAccountJwt, type ServiceAccountJwtOptions } from './kubernetes-jwt.js';

export interface VaultTestServerOptions {
  port?: number;
  rootToken?: string;
}

export interface VaultTestServer {
  /** http://127.0.0.1:<port> */
  address: string;
  /** A root token (policies ["root"]) to configure the server through the HTTP API. */
  rootToken: string;
  faults: {
    /** Sealed: every request but sys/health and sys/seal-status gets 503 {"errors":["Vault is sealed"]}. */
    seal(): void;
    unseal(): void;
    /** Delays every response by ms. */
    setLatency(ms: number): void;
    /** Fails the next count requests whose path (e.g. "/v1/auth/approle/login") matches, with status. */
    failNext(count: number, status: number, paths?: RegExp): void;
    /** Revokes a token (its children and leases too) behind the client's back. */
    revokeToken(token: string): void;
    /** Revokes a lease now, running its revocation statements (drops the PostgreSQL role). */
    revokeLease(leaseId: string): Promise<void>;
    /** Unseals and clears latency and pending failures. */
    reset(): void;
  };
  /** Stops HTTP, revokes every outstanding lease (drops roles) and clears all timers. */
  close(): Promise<void>;
}

const createBackend: BackendFactory = (core, type, options): Backend | undefined => {
  switch (type) {
    case 'system':
      return new SystemBackend(core);
    case 'token':
      return new TokenBackend(core);
    case 'kv':
      return options?.version === '2' ? new KvV2Backend() : new KvV1Backend();
    case 'database':
      return new DatabaseBackend();
    case 'approle':
      return new AppRoleBackend();
    case 'kubernetes':
      return new KubernetesAuthBackend();
    default:
      return undefined;
  }
};

export async function startVaultTestServer(options: VaultTestServerOptions = {}): Promise<VaultTestServer> {
  const core = new VaultCore(createBackend);
  const root = core.namespaces.root;
  const { entry: rootEntry } = core.tokens.create({
    namespace: root,
    mount: core.tokenMount(root),
    policies: ['root'],
    displayName: 'root',
    path: 'auth/token/root',
    renewable: false,
    allowNoExpiry: true,
    id: options.rootToken,
  });

  const faultState = new FaultState();
  const control = {
    faults: faultState,
    seal: (): void => {
      core.sealed = true;
    },
    unseal: (): void => {
      core.sealed = false;
    },
    reset: (): void => {
      core.sealed = false;
      faultState.reset();
    },
    revokeToken: (token: string): void => {
      const entry = core.tokens.lookup(token);
      if (entry) core.tokens.revoke(entry);
    },
    revokeLease: (leaseId: string): Promise<void> => core.leases.revoke(leaseId),
  };

  // The HTTP server never listens itself: TCP connections reach it through the LIST-method rewriter
  // (Node's parser rejects LIST; node:http accepts any Duplex injected as a connection).
  const http: Server = createServer(createRequestHandler(core, control));
  http.keepAliveTimeout = 5000;
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const rewriter = new ListMethodRewriter();
    socket.pipe(rewriter);
    const connection = Duplex.from({ readable: rewriter, writable: socket });
    connection.on('error', () => socket.destroy());
    connection.on('close', () => socket.destroy());
    http.emit('connection', connection);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = tcp.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    address: `http://127.0.0.1:${port}`,
    rootToken: rootEntry.id,
    faults: {
      seal: control.seal,
      unseal: control.unseal,
      setLatency: (ms: number): void => {
        faultState.latencyMs = Math.max(0, ms);
      },
      failNext: (count, status, paths) => faultState.failNext(count, status, paths),
      revokeToken: control.revokeToken,
      revokeLease: control.revokeLease,
      reset: control.reset,
    },
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          tcp.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        http.close();
        await core.close();
      })();
      return closing;
    },
  };
}
