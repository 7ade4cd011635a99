import { Client, Pool } from 'pg';

const config = { host: 'db', user: 'app', password: process.env.DB_PASSWORD };
export const pool = new Pool(config);

export async function once(sql) {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export const reporting = new Pool({
  connectionString: `postgres://${process.env.REPORT_USER}:${process.env.REPORT_PASSWORD}@reports:5432/reports`,
});
