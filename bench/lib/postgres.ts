import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL server benches create their databases on (BENCH_PG_URL, default the local one). */
export const BENCH_PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Creates a fresh bench database and returns its URL with a dropper. */
export async function benchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `depwatch_bench_${randomBytes(5).toString("hex")}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: BENCH_PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(BENCH_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Whether the bench PostgreSQL answers. */
export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: BENCH_PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
