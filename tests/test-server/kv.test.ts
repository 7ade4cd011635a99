/**
 * KV v1 and v2 shapes (vault-api.md "Secrets"): flat v1 data with the advisory ttl, versioned v2 data/metadata,
 * 404 {"errors": []} for nothing, and 404 with metadata for deleted or destroyed versions. Runs against a real
 * Vault too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupKv, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { ENVELOPE_KEYS, createToken, unique } from './helpers.js';

let v: TestVault;
const kv1 = unique('kv1');
const kv2 = unique('kv2');

beforeAll(async () => {
  v = await startTestVault();
  await setupKv(v, { mount: kv1, version: 1 });
  await setupKv(v, { mount: kv2, version: 2 });
});
afterAll(async () => {
  await vaultApi(v, 'DELETE', `sys/mounts/${kv1}`);
  await vaultApi(v, 'DELETE', `sys/mounts/${kv2}`);
  await v.close();
});

describe('KV v1', () => {
  it('reads flat data with lease_duration from the mount default, lease_id "" and renewable false', async () => {
    await vaultApi(v, 'POST', `${kv1}/db`, { owner: 'app', value: 'v1' });
    const res = await vaultApi(v, 'GET', `${kv1}/db`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ data: { owner: 'app', value: 'v1' }, lease_id: '', renewable: false, lease_duration: 2764800 });
  });

  it('takes lease_duration from the advisory "ttl" key', async () => {
    await vaultApi(v, 'POST', `${kv1}/short`, { value: 'x', ttl: '30m' });
    const res = await vaultApi(v, 'GET', `${kv1}/short`);
    expect(res.body.lease_duration).toBe(1800);
    expect(res.body.data).toEqual({ value: 'x', ttl: '30m' });
  });

  it('lists keys and folders', async () => {
    await vaultApi(v, 'POST', `${kv1}/dir/a`, { v: 1 });
    await vaultApi(v, 'POST', `${kv1}/dir/sub/b`, { v: 2 });
    const res = await vaultApi(v, 'LIST', `${kv1}/dir`);
    expect(res.body.data.keys).toEqual(['a', 'sub/']);
  });

  it('a missing key is 404 {"errors": []}', async () => {
    expect(await vaultApi(v, 'GET', `${kv1}/nope`)).toEqual({ status: 404, body: { errors: [] } });
  });
});

describe('KV v2', () => {
  it('a write returns the new version\'s metadata', async () => {
    const res = await vaultApi(v, 'POST', `${kv2}/data/app`, { data: { password: 'one' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ custom_metadata: null, deletion_time: '', destroyed: false, version: 1 });
    expect(Date.parse(res.body.data.created_time)).not.toBeNaN();
  });

  it('reads data.data and data.metadata, lease_duration 0, and older versions with ?version', async () => {
    await vaultApi(v, 'POST', `${kv2}/data/multi`, { data: { password: 'one' } });
    await vaultApi(v, 'POST', `${kv2}/data/multi`, { data: { password: 'two' } });
    const latest = await vaultApi(v, 'GET', `${kv2}/data/multi`);
    for (const key of ENVELOPE_KEYS) expect(latest.body).toHaveProperty(key);
    expect(latest.body.lease_duration).toBe(0);
    expect(latest.body.data.data).toEqual({ password: 'two' });
    expect(latest.body.data.metadata).toMatchObject({ custom_metadata: null, deletion_time: '', destroyed: false, version: 2 });
    const first = await vaultApi(v, 'GET', `${kv2}/data/multi?version=1`);
    expect(first.body.data.data).toEqual({ password: 'one' });
    expect(first.body.data.metadata.version).toBe(1);
  });

  it('a missing key is 404 {"errors": []}', async () => {
    expect(await vaultApi(v, 'GET', `${kv2}/data/nope`)).toEqual({ status: 404, body: { errors: [] } });
  });

  it('a deleted version is 404 with data: null and its metadata', async () => {
    await vaultApi(v, 'POST', `${kv2}/data/del`, { data: { a: 1 } });
    expect((await vaultApi(v, 'DELETE', `${kv2}/data/del`)).status).toBe(204);
    const res = await vaultApi(v, 'GET', `${kv2}/data/del`);
    expect(res.status).toBe(404);
    expect(res.body.data.data).toBeNull();
    expect(res.body.data.metadata.version).toBe(1);
    expect(res.body.data.metadata.deletion_time).not.toBe('');
    expect(res.body.data.metadata.destroyed).toBe(false);
    expect((await vaultApi(v, 'POST', `${kv2}/undelete/del`, { versions: [1] })).status).toBe(204);
    expect((await vaultApi(v, 'GET', `${kv2}/data/del`)).body.data.data).toEqual({ a: 1 });
  });

  it('a destroyed version is 404 with destroyed: true', async () => {
    await vaultApi(v, 'POST', `${kv2}/data/gone`, { data: { a: 1 } });
    expect((await vaultApi(v, 'PUT', `${kv2}/destroy/gone`, { versions: [1] })).status).toBe(204);
    const res = await vaultApi(v, 'GET', `${kv2}/data/gone`);
    expect(res.status).toBe(404);
    expect(res.body.data).toMatchObject({ data: null, metadata: { destroyed: true, version: 1 } });
  });

  it('metadata lists versions; LIST on metadata/ lists keys', async () => {
    await vaultApi(v, 'POST', `${kv2}/data/folder/x`, { data: { a: 1 } });
    const meta = await vaultApi(v, 'GET', `${kv2}/metadata/folder/x`);
    expect(meta.body.data).toMatchObject({ current_version: 1, oldest_version: 0, max_versions: 0, cas_required: false });
    expect(Object.keys(meta.body.data.versions)).toEqual(['1']);
    expect((await vaultApi(v, 'LIST', `${kv2}/metadata/folder`)).body.data.keys).toEqual(['x']);
  });

  it('check-and-set refuses a stale version', async () => {
    await vaultApi(v, 'POST', `${kv2}/data/cas`, { data: { a: 1 } });
    const res = await vaultApi(v, 'POST', `${kv2}/data/cas`, { data: { a: 2 }, options: { cas: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toContain('check-and-set parameter did not match the current version');
  });

  it('sys/internal/ui/mounts tells a token with access the KV version; without access it is 403', async () => {
    const policy = unique('kvread');
    await writePolicy(v, policy, { [`${kv2}/data/app`]: ['read'] });
    const token = await createToken(v, { policies: [policy], ttl: '1h' });
    const res = await vaultApi(v, 'GET', `sys/internal/ui/mounts/${kv2}`, undefined, { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ type: 'kv', options: { version: '2' }, path: `${kv2}/` });
    const outsider = await createToken(v, { policies: ['default'], ttl: '1h' });
    const denied = await vaultApi(v, 'GET', `sys/internal/ui/mounts/${kv2}`, undefined, { token: outsider });
    expect(denied.status).toBe(403);
    expect(denied.body.errors[0]).toContain('preflight capability check returned 403');
    const data = await vaultApi(v, 'GET', `${kv2}/data/app`, undefined, { token });
    expect(data.body.data.data).toEqual({ password: 'one' });
  });
});
