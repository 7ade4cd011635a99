import pg from 'pg';

export const pool = new pg.Pool({ connectionString: 'postgres://appuser:SuperSecretPass123@db.internal:5432/appdb', max: 4 });
