// Near misses: credentials that already come from Vault, and pools without credentials in the options.
import { Pool } from 'pg';

interface DbCreds {
  username: string;
  password: string;
}

export function poolFor(creds: DbCreds): Pool {
  return new Pool({
    host: process.env.DB_HOST,
    port: 5432,
    database: process.env.DB_NAME,
    user: creds.username,
    password: creds.password,
    ssl: { rejectUnauthorized: true },
  });
}

export const fromEnvironmentDefaults = new Pool();
export const withPasswordFunction = new Pool({ connectionString: process.env.DATABASE_URL, password: async () => fetchPassword() });
export const localNoPassword = new Pool({ connectionString: 'postgres://localhost:5432/dev' });

declare function fetchPassword(): Promise<string>;
