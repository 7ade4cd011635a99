#!/usr/bin/env node
// Shop assistant: an MCP server (stdio) that lists recent orders from PostgreSQL and tracks parcels through the
// carrier's HTTP API.
//
// Written the way many MCP servers are today, and the reason this example exists: a long-lived VAULT_TOKEN, a
// DATABASE_URL with the password inside, and an API key read once at start-up and kept for the life of the process.
// `npx mcp-secrets scan` reports each of these; `npx mcp-secrets migrate` rewrites them to mcp-secrets-runtime.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import vault from 'node-vault';
import pg from 'pg';
import { z } from 'zod';

const vaultClient = vault({
  apiVersion: 'v1',
  endpoint: process.env.VAULT_ADDR,
  token: process.env.VAULT_TOKEN,
});

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 4,
  idleTimeoutMillis: 30_000,
});

/** Reads a KV v2 secret (mount "secret") and returns its "value" field. */
async function getSecret(name) {
  const { data } = await vaultClient.read(`secret/data/${name}`);
  return data.data.value;
}

// The carrier's API key, fetched once when the module loads.
const carrierApiKey = await getSecret('carrier-api-key');

const server = new McpServer({ name: 'shop-assistant', version: '1.4.2' });

server.registerTool(
  'list_orders',
  {
    title: 'Recent orders',
    description: 'Lists the most recent orders, newest first, and the database user that served the query.',
    inputSchema: { limit: z.number().int().min(1).max(50).default(5) },
  },
  async ({ limit }) => {
    const { rows } = await pool.query(
      `SELECT current_user AS served_by, coalesce(json_agg(o ORDER BY o.id DESC), '[]'::json) AS orders
         FROM (SELECT id, customer, item, status, tracking_number FROM orders ORDER BY id DESC LIMIT $1) AS o`,
      [limit],
    );
    const { served_by: servedBy, orders } = rows[0];
    return { content: [{ type: 'text', text: JSON.stringify({ servedBy, orders }) }] };
  },
);

server.registerTool(
  'track_parcel',
  {
    title: 'Track a parcel',
    description: "Asks the carrier's API where a parcel is.",
    inputSchema: { trackingNumber: z.string().min(1).max(40) },
  },
  async ({ trackingNumber }) => {
    const url = new URL(`/v1/parcels/${encodeURIComponent(trackingNumber)}`, process.env.CARRIER_API_URL);
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${carrierApiKey}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) {
      return { isError: true, content: [{ type: 'text', text: `The carrier's API answered ${response.status}.` }] };
    }
    const parcel = await response.json();
    return { content: [{ type: 'text', text: JSON.stringify(parcel) }] };
  },
);

await server.connect(new StdioServerTransport());

// The MCP client stops a stdio server by closing its stdin (then SIGTERM): close the pool before exiting.
let shuttingDown = false;
async function shutdown() {
  if (shuttingDown) return;
  shuttingDown = true;
  try {
    await server.close();
    await pool.end();
  } finally {
    process.exit(0);
  }
}
process.stdin.on('close', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
