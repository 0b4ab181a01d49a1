import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClient } from "@/lib/store/postgres-context";
import { createTestDatabase, type TestDatabase } from "@/test/fixtures/postgres-db";

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase("depwatch_clienterr");
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => undefined);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

// A connection the server ends while the store holds it (a restart, a failover, an operator's
// pg_terminate_backend): the query that meets it rejects, the process does not see an unhandled
// 'error' event (vitest fails the run on one), and the pool hands out a working client next.
it("a held client whose connection the server ends fails its query, nothing uncaught, and the next client works", async () => {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    const failed = await withClient(pool, async (client) => {
      const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      // The server's goodbye arrives while the client is still held, between two queries.
      await new Promise((r) => setTimeout(r, 200));
      return client.query("SELECT 1").then(
        () => false,
        () => true,
      );
    }).catch(() => true);
    expect(failed).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const one = await withClient(pool, async (client) => (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n);
    expect(one).toBe(1);
  } finally {
    await admin.end();
  }
});
