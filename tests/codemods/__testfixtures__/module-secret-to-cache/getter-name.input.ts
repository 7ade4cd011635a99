// A credential getter named verb + noun, with nothing between them (getPassword, not getDbPassword).
import pg from 'pg';
import { getPassword } from './secrets.js';

const dbPassword = await getPassword();

export const pool = new pg.Pool({ host: 'db', user: 'app', password: dbPassword });
