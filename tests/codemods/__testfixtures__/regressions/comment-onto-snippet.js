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

