import type pg from 'pg';

// `pg` is an optional peer dependency of the runtime: load it on first use of a dynamic pool, so importing the
// runtime never fails in an application that does not use PostgreSQL.
let loading: Promise<typeof pg.Pool> | undefined;

export function loadPgPool(): Promise<typeof pg.Pool> {
  loading ??= import('pg').then(
    (module: { Pool?: typeof pg.Pool; default?: { Pool: typeof pg.Pool } }) => {
      const Pool = module.Pool ?? module.default?.Pool;
      if (!Pool) throw new Error("the 'pg' module has no Pool export");
      return Pool;
    },
    (cause: unknown) => {
      loading = undefined;
      throw new Error("createDynamicPgPool needs the 'pg' package: npm install pg", { cause });
    },
  );
  return loading;
}
