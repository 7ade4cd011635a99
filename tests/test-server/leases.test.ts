/**
 * The sys/leases/renew errors that no implemented engine can trigger over HTTP on demand ("lease is not
 * renewable", "lease expired"), pinned on the lease manager itself, plus "invalid lease ID" over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../support/vault-server/backend.js';
import { LeaseManager } from '../support/vault-server/leases.js';
import { Namespace } from '../support/vault-server/namespace.js';
import { TimerSet } from '../support/vault-server/timers.js';
import { startVaultTestServer, type VaultTestServer } from '../support/vault-server/index.js';

function fixture(): { leases: LeaseManager; ns: Namespace; mount: ReturnType<Namespace['mount']>; revoked: string[]; timers: TimerSet } {
  const timers = new TimerSet();
  const leases = new LeaseManager(timers);
  const ns = new Namespace('root', '');
  const revoked: string[] = [];
  const backend: Backend = {
    type: 'fake',
    handle: async () => null,
    revokeSecret: async (lease) => {
      revoked.push(lease.id);
    },
  };
  const mount = ns.mount('secret', 'fake/', 'fake', backend);
  return { leases, ns, mount, revoked, timers };
}

describe('lease manager', () => {
  it('a non-renewable lease: 400 "lease is not renewable"', async () => {
    const { leases, ns, mount, timers } = fixture();
    const { lease } = leases.register(ns, 'fake/creds/x', mount, 'token', { ttl: 60, maxTtl: 0, renewable: false, internal: {} });
    expect(lease.id).toMatch(/^fake\/creds\/x\/[0-9A-Za-z]{24}$/);
    await expect(leases.renew(lease.id, 10, ns)).rejects.toMatchObject({ status: 400, errors: ['lease is not renewable'] });
    timers.clear();
  });

  it('a lease past its end but not yet revoked: 400 "lease expired"', async () => {
    const { leases, ns, mount, timers } = fixture();
    const { lease } = leases.register(ns, 'fake/creds/x', mount, 'token', { ttl: 60, maxTtl: 0, renewable: true, internal: {} });
    lease.expireTime = Date.now() - 1;
    await expect(leases.renew(lease.id, 10, ns)).rejects.toMatchObject({ status: 400, errors: ['lease expired'] });
    timers.clear();
  });

  it('a lease of another namespace is "lease not found"; lease ids carry the namespace id', async () => {
    const { leases, ns, mount, timers } = fixture();
    const child = new Namespace('abc12', 'team/', ns);
    const { lease } = leases.register(child, 'fake/creds/x', mount, 'token', { ttl: 60, maxTtl: 0, renewable: true, internal: {} });
    expect(lease.id.endsWith('.abc12')).toBe(true);
    await expect(leases.renew(lease.id, 10, ns)).rejects.toMatchObject({ status: 400, errors: ['lease not found'] });
    timers.clear();
  });

  it('expiry revokes through the backend, and revokeAll revokes the rest', async () => {
    const { leases, ns, mount, revoked, timers } = fixture();
    const { lease: short } = leases.register(ns, 'fake/creds/x', mount, 'token', { ttl: 1, maxTtl: 0, renewable: true, internal: {} });
    const { lease: long } = leases.register(ns, 'fake/creds/x', mount, 'token', { ttl: 3600, maxTtl: 0, renewable: true, internal: {} });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(revoked).toEqual([short.id]);
    await leases.revokeAll();
    expect(revoked).toEqual([short.id, long.id]);
    expect(leases.all()).toEqual([]);
    timers.clear();
  });
});

describe('over HTTP (test server)', () => {
  let server: VaultTestServer;
  beforeAll(async () => {
    server = await startVaultTestServer();
  });
  afterAll(() => server.close());

  it('a lease_id that is not a string: 400 "invalid lease ID"', async () => {
    const res = await fetch(`${server.address}/v1/sys/leases/renew`, {
      method: 'PUT',
      headers: { 'X-Vault-Token': server.rootToken },
      body: JSON.stringify({ lease_id: 42 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: ['invalid lease ID'] });
  });
});
