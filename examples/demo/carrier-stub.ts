// A stand-in for the parcel carrier's HTTP API that the shop assistant's `track_parcel` tool calls. It accepts only
// the API key the demo stored in Vault, so a tool result proves the server got the key from Vault.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CarrierStub {
  url: string;
  apiKey: string;
  /** Requests answered 200 / refused 401. */
  stats: { served: number; refused: number };
  close(): Promise<void>;
}

const PARCELS: Record<string, { status: string; location: string }> = {
  'ZX-4471-0092': { status: 'delivered', location: 'Marylebone, London' },
  'ZX-4471-0107': { status: 'in transit', location: 'Arlington sorting centre' },
  'ZX-4471-0113': { status: 'out for delivery', location: 'Wilmslow depot' },
};

export async function startCarrierStub(): Promise<CarrierStub> {
  const apiKey = `ck_live_${randomBytes(16).toString('hex')}`;
  const stats = { served: 0, refused: 0 };
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      stats.refused++;
      return send(401, { error: 'invalid API key' });
    }
    const match = /^\/v1\/parcels\/([^/?]+)$/.exec(request.url ?? '');
    const trackingNumber = match ? decodeURIComponent(match[1]) : '';
    const parcel = PARCELS[trackingNumber];
    if (!parcel) return send(404, { error: 'unknown parcel' });
    stats.served++;
    return send(200, { trackingNumber, ...parcel });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
