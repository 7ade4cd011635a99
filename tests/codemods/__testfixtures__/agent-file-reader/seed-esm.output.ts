// In Node.js: read from the file the Agent wrote, no Vault SDK calls needed
import process from 'process';
import { readAgentSecrets } from 'mcp-secrets-runtime';

let credentials = loadCredentials();

function loadCredentials() {
  try {
    const lines = readAgentSecrets('/run/vault/db-creds');
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
