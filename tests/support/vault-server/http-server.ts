/**
 * The node:http front end: reads the request, applies faults (latency, injected failures, seal), extracts the
 * Vault headers and hands the request to the core. Also serves the fault-injection endpoint /v1/sys/test/faults.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VaultCore } from './core.js';
import type { FaultState } from './faults.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const FAULTS_PATH = '/v1/sys/test/faults';
const SEALED_OK = new Set(['sys/health', 'sys/seal-status']);

export interface FaultControl {
  faults: FaultState;
  seal(): void;
  unseal(): void;
  reset(): void;
  revokeToken(token: string): void;
  revokeLease(leaseId: string): Promise<void>;
}

export function createRequestHandler(core: VaultCore, control: FaultControl): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(core, control, req, res).catch((error: unknown) => {
      send(res, req, 500, { errors: [error instanceof Error ? error.message : String(error)] });
    });
  };
}

async function handle(core: VaultCore, control: FaultControl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://vault.test');
  const method = (req.method ?? 'GET').toUpperCase();
  const token = header(req, 'x-vault-token') ?? bearer(header(req, 'authorization'));

  if (url.pathname === FAULTS_PATH) return handleFaults(core, control, method, raw, token, req, res);

  if (control.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, control.faults.latencyMs));

  if (!url.pathname.startsWith('/v1/')) return send(res, req, 404, { errors: [] });
  const injected = control.faults.take(url.pathname);
  if (injected !== undefined) return send(res, req, injected, { errors: [`injected fault: HTTP ${injected}`] });

  const path = url.pathname.slice('/v1/'.length);
  if (core.sealed && !SEALED_OK.has(path)) return send(res, req, 503, { errors: ['Vault is sealed'] });

  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      else if (parsed !== null) return send(res, req, 400, { errors: ['failed to parse JSON input: expected a JSON object'] });
    } catch (error) {
      return send(res, req, 400, { errors: [`failed to parse JSON input: ${error instanceof Error ? error.message : String(error)}`] });
    }
  }

  const result = await core.handle({
    method,
    path,
    query: url.searchParams,
    body,
    token,
    namespace: header(req, 'x-vault-namespace'),
    wrapTtl: header(req, 'x-vault-wrap-ttl'),
  });
  send(res, req, result.status, result.body);
}

async function handleFaults(
  core: VaultCore,
  control: FaultControl,
  method: string,
  raw: Buffer,
  token: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!core.tokens.lookup(token)?.policies.includes('root')) return send(res, req, 403, { errors: ['permission denied'] });
  const state = (): Record<string, unknown> => ({
    sealed: core.sealed,
    latencyMs: control.faults.latencyMs,
    pendingFailures: control.faults.pendingFailures(),
  });
  if (method === 'GET') return send(res, req, 200, { data: state() });
  if (method !== 'POST' && method !== 'PUT') return send(res, req, 405, { errors: ['unsupported operation'] });
  let body: Record<string, unknown>;
  try {
    body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return send(res, req, 400, { errors: ['failed to parse JSON input'] });
  }
  try {
    if (body.reset === true) control.reset();
    if (body.seal === true) control.seal();
    if (body.seal === false) control.unseal();
    if (typeof body.latencyMs === 'number') control.faults.latencyMs = body.latencyMs;
    const fail = body.failNext as { count?: number; status?: number; paths?: string } | undefined;
    if (fail) control.faults.failNext(Number(fail.count), Number(fail.status), fail.paths ? new RegExp(fail.paths) : undefined);
    if (typeof body.revokeToken === 'string') control.revokeToken(body.revokeToken);
    if (typeof body.revokeLease === 'string') await control.revokeLease(body.revokeLease);
  } catch (error) {
    return send(res, req, 400, { errors: [error instanceof Error ? error.message : String(error)] });
  }
  send(res, req, 200, { data: state() });
}

function send(res: ServerResponse, req: IncomingMessage, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || status === 204) {
    res.writeHead(status, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text : undefined;
}

function bearer(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [scheme, token] = value.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
