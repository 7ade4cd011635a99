// Credentials in a URL's query string (`https://mcp.example.com/sse?api_key=...`), parsed with WHATWG URL.
import { isPlaceholderSecret } from './connection-url.js';
import { isSecretEnvName } from './secret-names.js';
import { isReference } from './secret-value.js';

/** Names of the query parameters that carry a literal credential (never their values). */
export function urlQuerySecrets(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const [name, value] of url.searchParams) {
    if (isSecretEnvName(name) && !isReference(value) && !isPlaceholderSecret(value)) names.push(name);
  }
  return names;
}
