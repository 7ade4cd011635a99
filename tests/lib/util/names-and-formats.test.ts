import { describe, expect, it } from 'vitest';
import { isPlaceholderSecret, sslMode, urlCredentials } from '../../../lib/util/connection-url.js';
import { isCredentialName, isSecretEnvName, isVaultTokenEnvName, nameWords, slotQualifiesAway } from '../../../lib/util/secret-names.js';
import { containsModernVaultToken, vaultTokenKind } from '../../../lib/util/vault-token-format.js';

const HVS = `hvs.${'A1b2C3d4E5'.repeat(9)}x`; // 91 characters after the prefix
const HVB = `hvb.${'a'.repeat(140)}`;

describe('vaultTokenKind', () => {
  it.each([
    [HVS, 'modern'],
    [HVB, 'modern'],
    [`hvr.${'Z'.repeat(95)}`, 'modern'],
    // A root token, as `vault operator init` prints it (24 letters and digits: shorter than other service tokens).
    ['hvs.BhwdXXr0BANd68gmzAEtMAkQ', 'modern'],
    ['hvr.gXtT3uq9teYf0ZnFQH6hOiw8', 'modern'],
    ['s.1234567890abcdefghijklmn', 'legacy'],
    ['  s.1234567890abcdefghijklmn ', 'legacy'],
  ])('%s is a %s token', (value, kind) => expect(vaultTokenKind(value)).toBe(kind));

  it.each([
    'hvs.short',
    `hvb.${'a'.repeat(100)}`, // batch tokens are longer
    `hvs.${'a'.repeat(121)}`,
    's.MaxConnectionBytesPerSec',
    's.12345678901234567890123', // 23 characters
    'hvs.BhwdXXr0BANd68gmzAEtMAk', // a root token's shape, one character short
    'hvs.configurationSettingsXYZ', // 24 letters without a digit: a name, not a token
    'hvs.BhwdXXr0BANd68gmzAEtMAkQ-x',
    'hvs.',
    '',
  ])('%s is not a token', (value) => expect(vaultTokenKind(value)).toBeUndefined());

  it('finds a modern token inside a command line, but not a legacy one', () => {
    expect(containsModernVaultToken(`-e VAULT_TOKEN=${HVS}`)).toBe(true);
    expect(containsModernVaultToken('-e VAULT_TOKEN=s.1234567890abcdefghijklmn')).toBe(false);
    expect(containsModernVaultToken('vault login hvs.gXtT3uq9teYf0ZnFQH6hOiw8 && vault status')).toBe(true);
    expect(containsModernVaultToken('vault login hvs.gXtT3uq9teYf0ZnFQH6hOiw8x')).toBe(false);
  });
});

describe('secret names', () => {
  it('splits identifiers into words', () => {
    expect(nameWords('clientToken')).toEqual(['client', 'token']);
    expect(nameWords('VAULT_TOKEN_FILE')).toEqual(['vault', 'token', 'file']);
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
  });

  it.each(['password', 'dbPassword', 'DB_PASS', 'clientToken', 'client_token', 'apiKey', 'API_KEY', 'secretId', 'SECRET_ID', 'privateKey', 'credentials', 'clientSecret', 'GITHUB_TOKEN'])(
    '%s names a credential',
    (name) => expect(isCredentialName(name)).toBe(true),
  );

  it.each(['tokenPath', 'tokenSource', 'tokenCount', 'maxTokens', 'pageToken', 'nextPageToken', 'cancellationToken', 'VAULT_TOKEN_FILE', 'passwordLength', 'hasPassword', 'isToken', 'secretName', 'pass', 'roleId', 'keyId', 'tokens'])(
    '%s does not name a credential',
    (name) => expect(isCredentialName(name)).toBe(false),
  );

  it('knows env names that hold secrets without saying so', () => {
    expect(isSecretEnvName('PGPASSWORD')).toBe(true);
    expect(isSecretEnvName('VAULT_DEV_ROOT_TOKEN_ID')).toBe(true);
    expect(isSecretEnvName('AWS_SECRET_ACCESS_KEY')).toBe(true);
    expect(isSecretEnvName('AWS_ACCESS_KEY_ID')).toBe(false);
    expect(isSecretEnvName('VAULT_ROLE_ID')).toBe(false);
  });

  it('matches VAULT_TOKEN and BAO_TOKEN exactly, in any case', () => {
    expect(isVaultTokenEnvName('VAULT_TOKEN')).toBe(true);
    expect(isVaultTokenEnvName('bao_token')).toBe(true);
    expect(isVaultTokenEnvName('VAULT_TOKEN_FILE')).toBe(false);
    expect(isVaultTokenEnvName('MY_VAULT_TOKEN')).toBe(false);
  });
});

describe('connection URLs', () => {
  it('finds a real password and decodes it', () => {
    expect(urlCredentials('postgres://app:s3cr%3Dt@db:5432/app')).toEqual({ scheme: 'postgres', username: 'app', password: 's3cr=t' });
    expect(urlCredentials('mongodb+srv://u:hunter22@cluster0.example.net/db')?.username).toBe('u');
  });

  it.each([
    'postgres://app@db/app',
    'postgres://db/app',
    'postgres://app:${DB_PASSWORD}@db/app',
    'postgres://app:changeme@db/app',
    'postgres://app:<password>@db/app',
    'postgres://app:{{ .Values.pw }}@db/app',
    'file://user:pw@host/x',
    'not a url',
  ])('%s has no real password', (url) => expect(urlCredentials(url)).toBeUndefined());

  it('treats placeholders as placeholders', () => {
    for (const value of ['', '${VAULT_TOKEN}', '$(TOKEN)', '{{ .Values.token }}', '<your-token>', 'changeme', 'your-token-here', '****']) {
      expect(isPlaceholderSecret(value), value).toBe(true);
    }
    for (const value of ['hunter2hunter2', 'p@ssw0rd!', 's.1234567890abcdefghijklmn']) {
      expect(isPlaceholderSecret(value), value).toBe(false);
    }
  });

  it('reads sslmode from postgres URLs only', () => {
    expect(sslMode('postgres://db/app?sslmode=DISABLE')).toBe('disable');
    expect(sslMode('postgres://db/app')).toBeUndefined();
    expect(sslMode('mysql://db/app?sslmode=disable')).toBeUndefined();
  });
});

describe('slotQualifiesAway', () => {
  it.each(['onresumptiontoken', 'onPageToken', 'on_next_token', 'cursorToken', 'onContinuation-Token'])('%s says its token is not a credential', (slot) => {
    expect(slotQualifiesAway(slot, 'token')).toBe(true);
  });

  it.each(['ontoken', 'onaccesstoken', 'onAuthToken', 'onPageSize', 'resumptionTokenHandler'])('%s does not', (slot) => {
    expect(slotQualifiesAway(slot, 'token')).toBe(false);
  });
});
