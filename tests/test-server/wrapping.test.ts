/**
 * Response wrapping (vault-api.md "Response wrapping"): wrap_info for any request, single-use unwrap with the
 * exact error on reuse, creation_path and wrapped_accessor. Runs against a real Vault too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAppRole, setupKv, startTestVault, vaultApi, wrappedSecretId, type TestVault } from '../support/vault-env.js';
import { ENVELOPE_KEYS, unique } from './helpers.js';

let v: TestVault;
const mount = unique('approle');
const kv = unique('kv');
const role = unique('wrapped');
let roleId: string;

beforeAll(async () => {
  v = await startTestVault();
  ({ roleId } = await setupAppRole(v, { mount, role, policies: ['default'] }));
  await setupKv(v, { mount: kv, version: 1 });
  await vaultApi(v, 'POST', `${kv}/cfg`, { key: 'value' });
});
afterAll(async () => {
  await vaultApi(v, 'DELETE', `sys/auth/${mount}`);
  await vaultApi(v, 'DELETE', `sys/mounts/${kv}`);
  await v.close();
});

const NOT_VALID = { status: 400, body: { errors: ['wrapping token is not valid or does not exist'] } };

describe('response wrapping', () => {
  it('a wrapped secret-id answers wrap_info instead of the payload', async () => {
    const res = await vaultApi(v, 'POST', `auth/${mount}/role/${role}/secret-id`, {}, { wrapTtl: '60s' });
    expect(res.status).toBe(200);
    for (const key of ENVELOPE_KEYS) expect(res.body).toHaveProperty(key);
    expect(res.body.data).toBeNull();
    const info = res.body.wrap_info;
    expect(info).toMatchObject({ ttl: 60, creation_path: `auth/${mount}/role/${role}/secret-id`, wrapped_accessor: '' });
    expect(typeof info.token).toBe('string');
    expect(typeof info.accessor).toBe('string');
    expect(Date.parse(info.creation_time)).not.toBeNaN();
  });

  it('unwraps once (X-Vault-Token = wrapping token); the second unwrap is 400', async () => {
    const wrappingToken = await wrappedSecretId(v, { mount, role, wrapTtl: '60' });
    const first = await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: wrappingToken });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ secret_id_ttl: 0, secret_id_num_uses: 0 });
    const login = await vaultApi(v, 'POST', `auth/${mount}/login`, { role_id: roleId, secret_id: first.body.data.secret_id }, { token: '' });
    expect(login.status).toBe(200);
    expect(await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: wrappingToken })).toEqual(NOT_VALID);
  });

  it('unwraps with the wrapping token in the body, once', async () => {
    const wrappingToken = await wrappedSecretId(v, { mount, role });
    const first = await vaultApi(v, 'POST', 'sys/wrapping/unwrap', { token: wrappingToken });
    expect(first.status).toBe(200);
    expect(typeof first.body.data.secret_id).toBe('string');
    expect(await vaultApi(v, 'POST', 'sys/wrapping/unwrap', { token: wrappingToken })).toEqual(NOT_VALID);
  });

  it('lookup (unauthenticated) shows creation_path without consuming the token', async () => {
    const wrappingToken = await wrappedSecretId(v, { mount, role });
    const lookup = await vaultApi(v, 'POST', 'sys/wrapping/lookup', { token: wrappingToken }, { token: '' });
    expect(lookup.body.data).toMatchObject({ creation_path: `auth/${mount}/role/${role}/secret-id`, creation_ttl: 60 });
    expect((await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: wrappingToken })).status).toBe(200);
  });

  it('wraps any response: a KV read and a login (wrapped_accessor = the token accessor)', async () => {
    const read = await vaultApi(v, 'GET', `${kv}/cfg`, undefined, { wrapTtl: '30s' });
    expect(read.body.data).toBeNull();
    expect(read.body.wrap_info.creation_path).toBe(`${kv}/cfg`);
    const unwrapped = await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: read.body.wrap_info.token });
    expect(unwrapped.body.data).toEqual({ key: 'value' });

    const secretId = (await vaultApi(v, 'POST', `auth/${mount}/role/${role}/secret-id`, {})).body.data.secret_id;
    const login = await vaultApi(v, 'POST', `auth/${mount}/login`, { role_id: roleId, secret_id: secretId }, { token: '', wrapTtl: '30s' });
    expect(login.body.auth).toBeNull();
    const inner = await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: login.body.wrap_info.token });
    expect(inner.body.auth.accessor).toBe(login.body.wrap_info.wrapped_accessor);
  });

  it('a wrapping token cannot be used for anything but unwrapping', async () => {
    const wrappingToken = await wrappedSecretId(v, { mount, role });
    const res = await vaultApi(v, 'GET', `${kv}/cfg`, undefined, { token: wrappingToken });
    expect(res.status).toBe(403);
  });

  it('an unknown wrapping token is 400, not 403', async () => {
    expect(await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: 'hvs.unknown-wrapping-token' })).toEqual(NOT_VALID);
  });
});
