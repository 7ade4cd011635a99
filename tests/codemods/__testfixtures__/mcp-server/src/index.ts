#!/usr/bin/env node
// An MCP server written the way many are today: it reads everything it needs from static credentials.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { listItems } from './db.js';
import { forecast } from './weather.js';

const server = new McpServer({ name: 'inventory', version: '1.0.0' });

server.tool('list_items', { limit: z.number().int().max(100) }, async ({ limit }) => ({
  content: [{ type: 'text', text: JSON.stringify(await listItems(limit)) }],
}));

server.tool('forecast', { city: z.string() }, async ({ city }) => ({
  content: [{ type: 'text', text: await forecast(city) }],
}));

await server.connect(new StdioServerTransport());
