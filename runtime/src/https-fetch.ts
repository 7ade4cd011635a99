import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { VaultConfigError } from './errors.js';

// Node 20's global fetch (undici) has no public way to trust an extra CA without installing undici itself
// (its `dispatcher` option needs an undici Agent). NODE_EXTRA_CA_CERTS works but only when set before the process
// starts. So when `caCert` is given, requests go through node:https with `ca`, wrapped to look like fetch.

/** PEM text, or a path to a PEM file. */
export function loadCaCert(caCert: string): string {
  if (caCert.includes('-----BEGIN')) return caCert;
  try {
    return readFileSync(caCert, 'utf8');
  } catch (err) {
    throw new VaultConfigError(`cannot read the CA certificate file ${caCert}`, { cause: err });
  }
}

/** A fetch-compatible function that verifies the server against the given CA (in addition to nothing else). */
export function fetchWithCa(caPem: string): typeof fetch {
  const impl = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      if (url.protocol !== 'https:') {
        return reject(new TypeError('caCert is only used for https addresses'));
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => (headers[key] = value));
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpsRequest(url, { method: init.method ?? 'GET', headers, ca: caPem, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
          }
          const noBody = status === 204 || status === 304 || init.method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return impl as typeof fetch;
}
