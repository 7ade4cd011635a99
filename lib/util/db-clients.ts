// Database client constructors recognised by what they were imported from (module-refs), and the names of the
// options / env vars that carry database credentials.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { moduleRefOf } from './module-refs.js';
import { nameWords } from './secret-names.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export type DbClientKind = 'pg' | 'postgres.js' | 'knex' | 'sequelize' | 'mysql';

export interface DbClient {
  kind: DbClientKind;
  /** How messages name it: "pg `Pool`", "postgres.js `postgres()`". */
  label: string;
}

const PG_CLASSES = new Set(['Pool', 'Client']);

/** Every module dbClientOf knows: a file importing none of them has no client calls to check. */
export const DB_MODULES = ['pg', 'pg-pool', 'postgres', 'knex', 'sequelize', '@sequelize/core', 'mysql', 'mysql2', 'mysql2/promise'];
const MYSQL_FACTORIES = new Set(['createPool', 'createConnection', 'createPoolCluster']);

/** The database client a `new X(...)` / `x(...)` call creates, whatever the import form. */
export function dbClientOf(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): DbClient | undefined {
  const ref = moduleRefOf(call.callee, sourceCode);
  if (!ref) return undefined;
  const path = ref.path.join('.');
  switch (ref.source) {
    case 'pg': {
      const last = ref.path.at(-1) ?? '';
      const native = ref.path.length === 2 && ref.path[0] === 'native';
      return (ref.path.length === 1 || native) && PG_CLASSES.has(last) ? { kind: 'pg', label: `pg \`${last}\`` } : undefined;
    }
    case 'pg-pool':
      return ref.path.length === 0 ? { kind: 'pg', label: 'pg `Pool`' } : undefined;
    case 'postgres':
      return ref.path.length === 0 ? { kind: 'postgres.js', label: 'postgres.js `postgres()`' } : undefined;
    case 'knex':
      return path === '' || path === 'knex' ? { kind: 'knex', label: '`knex()`' } : undefined;
    case 'sequelize':
    case '@sequelize/core':
      return path === '' || path === 'Sequelize' ? { kind: 'sequelize', label: 'Sequelize' } : undefined;
    case 'mysql':
    case 'mysql2':
    case 'mysql2/promise':
      return ref.path.length === 1 && MYSQL_FACTORIES.has(ref.path[0]) ? { kind: 'mysql', label: `${ref.source} \`${ref.path[0]}()\`` } : undefined;
    default:
      return undefined;
  }
}

/** Option keys that hold a password. */
export const PASSWORD_KEYS = new Set(['password', 'passwd', 'pwd']);
/** Option keys that hold a connection URL. */
export const CONNECTION_URL_KEYS = new Set(['connectionString', 'connectionURI', 'connectionUri', 'uri', 'url']);
/** Keys that make an object plainly connection options when it also has a password. */
export const CONNECTION_KEYS = new Set(['host', 'hostname', 'port', 'user', 'database', 'connectionString', 'server']);

/** URL schemes of databases (and Redis), whose URLs carry a database password. */
export const DB_URL_SCHEMES = new Set(['postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'mssql', 'sqlserver']);

const DB_WORDS = new Set(['database', 'db', 'pg', 'postgres', 'postgresql', 'psql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'sql', 'mssql', 'sqlserver', 'rds', 'oracle', 'cockroach']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass']);
/**
 * Where a name isDbPasswordEnvName accepts has neither `password`, `passwd` nor `pwd` (DB_PASS, pgPass, PGPASS), its
 * text has `pass` ending a name part after a DB_WORDS word. For source gates: raw text, any case, a superset.
 */
export const DB_PASS_NAME_IN_TEXT = new RegExp(`pass(?![a-z])(?<=(?:${[...DB_WORDS].join('|')})[\\w$.-]*pass)`, 'i');
const WELL_KNOWN_DB_PASSWORD_ENV = new Set(['PGPASSWORD', 'PGPASS', 'MYSQL_PWD', 'MYSQL_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD', 'MONGO_INITDB_ROOT_PASSWORD']);

/** Env vars that hold a database password: DATABASE_PASSWORD, PGPASSWORD, POSTGRES_PASSWORD, DB_PASS, REDIS_PASSWORD... */
export function isDbPasswordEnvName(name: string): boolean {
  if (!/pass|pwd/i.test(name)) return false; // cheap: this runs for every member expression
  if (WELL_KNOWN_DB_PASSWORD_ENV.has(name.toUpperCase())) return true;
  const words = nameWords(name);
  const last = words.at(-1);
  if (!last || !PASSWORD_WORDS.has(last)) return false;
  return words.slice(0, -1).some((word) => DB_WORDS.has(word));
}
