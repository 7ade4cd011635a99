import { describe, expect, it } from 'vitest';
import databaseUrlToDynamicPoolEntry, { databaseUrlToDynamicPool } from '../../codemods/database-url-to-dynamic-pool.js';
import { describeTransform, run } from './support/describe-transform.js';

describeTransform(databaseUrlToDynamicPool, databaseUrlToDynamicPoolEntry as never);

describe('database-url-to-dynamic-pool options', () => {
  const source = "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n";

  it('takes the Vault database role from --db-role', () => {
    const { output } = run(databaseUrlToDynamicPool, 'db.ts', source, { dbRole: 'reporting-ro' });
    expect(output).toContain("createDynamicPgPool({ vault, role: 'reporting-ro', connectionString: process.env.DATABASE_URL })");
  });

  it('picks a free name when `vault` is taken', () => {
    const taken = `${source}export const vault = 'the word';\n`;
    const { output } = run(databaseUrlToDynamicPool, 'db.ts', taken);
    expect(output).toContain('const vault2 = createVaultClient();');
    expect(output).toContain('createDynamicPgPool({ vault: vault2, role:');
  });
});
