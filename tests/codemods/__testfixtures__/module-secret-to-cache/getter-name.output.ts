// A credential getter named verb + noun, with nothing between them (getPassword, not getDbPassword).
import pg from 'pg';
import { SecretCache } from 'mcp-secrets-runtime';
import { getPassword } from './secrets.js';

const secrets = new SecretCache(() => getPassword());

export const pool = new pg.Pool({ host: 'db', user: 'app', password: () => secrets.get('getPassword') });
