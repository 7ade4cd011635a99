// In Node.js: read from the file the Agent wrote, no Vault SDK calls needed
import { readFileSync } from 'fs';
import process from 'process';

let credentials = loadCredentials();

function loadCredentials() {
  try {
    const raw = readFileSync('/run/vault/db-creds', 'utf8');
    const lines = Object.fromEntries(
      raw.trim().split('\n').map(l => l.split('=') as [string, string])
    );
    return { user: lines.DB_USER, password: lines.DB_PASS };
  } catch {
    throw new Error('Vault Agent credentials not available — is the agent running?');
  }
}

// Reload on SIGHUP (sent by vault-agent template command above)
process.on('SIGHUP', () => {
  credentials = loadCredentials();
  console.log('Credentials reloaded from Vault Agent');
});

export function getCurrentDbCredentials() {
  return credentials;
}
