#!/usr/bin/env node
// Shop assistant: an MCP server (stdio) that lists recent orders from PostgreSQL and tracks parcels through the
// carrier's HTTP API. Its Vault client is already migrated; the API key still is fetched once, at start-up.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createVaultClient } from 'mcp-secrets-runtime';

const vaultClient = createVaultClient();

/** Reads a KV v2 secret (mount "secret") and returns its "value" field. */
async function getSecret(name) {
  const { data } = await vaultClient.read(`secret/data/${name}`);
  return data.data.value;
}

// The carrier's API key, fetched once when the module loads.
const carrierApiKey = await getSecret('carrier-api-key');

const server = new McpServer({ name: 'shop-assistant', version: '1.4.2' });

server.registerTool('track_parcel', { title: 'Track a parcel' }, async ({ trackingNumber }) => {
  const response = await fetch(`https://carrier.example/v1/parcels/${trackingNumber}`, {
    headers: { Authorization: `Bearer ${carrierApiKey}` },
  });
  return { content: [{ type: 'text', text: await response.text() }] };
});
