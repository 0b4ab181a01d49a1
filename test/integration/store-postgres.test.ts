import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore, type PostgresStoreOptions } from "@/lib/store/postgres";
import { PG_SCHEMA_VERSION } from "@/lib/store/postgres-schema";
import { HOUR_MS } from "@/lib/store/stats";
import { expectedChecks, makeCheck, makeHistory, seeded, T0 } from "../fixtures/history-data";
import { createTestDatabase, type TestDatabase } from "../fixtures/postgres-db";
import { readAllPages, storeContract } from "../fixtures/store-contract";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

/** Every contract case gets an empty history: the tables are emptied, the schema stays. */
async function emptied(options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const store = await PostgresStore.open(db.url, options);
  await store.pool.query("TRUNCATE checks, spans, rollups, counters, messages, services RESTART IDENTITY");
  return store;
}

storeContract("PostgresStore", (options) => emptied(options));

describe("PostgresStore", () => {
  it("runs each migration once when several instances start together", async () => {
    const fresh = await createTestDatabase();
    try {
      const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresStore.open(fresh.url, { pruneIntervalMs: 0 })));
      const { rows } = await stores[0]!.pool.query<{ version: number }>("SELECT version FROM schema_version");
      expect(rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await fresh.drop();
    }
  });

  it("shares one history between two instances writing at the same time", async () => {
    const a = await emptied({ pruneIntervalMs: 0 });
    const b = await PostgresStore.open(db.url, { pruneIntervalMs: 0 });
    const history = makeHistory(400, 17);
    const records = history.map((c, i) => (i % 2 === 0 ? a : b).append(c));
    await Promise.all([a.flush(), b.flush()]);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    const sorted = [...records].sort((x, y) => x.id - y.id);
    for (const svc of ["alpha", "beta", "gamma"]) expect(await readAllPages(b, svc, { limit: 17 })).toEqual(expectedChecks(sorted, svc, {}));
    await Promise.all([a.close(), b.close()]);
  });

  it("keeps the attempts blob compact and each repeated message once", async () => {
    const store = await emptied({ pruneIntervalMs: 0 });
    const r = seeded(6);
    for (let i = 0; i < 100; i++) {
      const c = makeCheck("alpha", T0 + i * 1000, r, { failures: 1 });
      c.attempts[0]!.message = "connect ECONNREFUSED 127.0.0.1:5432";
      c.attempts[1]!.message = "HTTP 200";
      store.append(c);
    }
    await store.flush();
    const { rows } = await store.pool.query<{ n: number; bytes: number }>("SELECT count(*)::int AS n, max(octet_length(attempts)) AS bytes FROM checks");
    expect(rows[0]).toEqual({ n: 100, bytes: expect.any(Number) });
    expect(rows[0]!.bytes).toBeLessThanOrEqual(16);
    expect((await store.pool.query("SELECT text FROM messages ORDER BY text")).rows.map((m: { text: string }) => m.text)).toEqual(["HTTP 200", "connect ECONNREFUSED 127.0.0.1:5432"]);
    await store.close();
  });

  it("keeps appended checks queued while the database is away and writes them when it returns", async () => {
    const store = await emptied({ pruneIntervalMs: 0, flushMs: 20 });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    // Take every connection of the store away; the pool reconnects on the next write.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    await admin.end();
    const c = store.append(makeCheck("alpha", T0 + 5 * HOUR_MS, seeded(2)));
    // The first write may meet a pooled connection the server just ended: it fails and stays queued.
    await store.flush().catch(() => undefined);
    await store.flush();
    expect((await store.listChecks("alpha", { limit: 1 })).checks[0]?.id).toBe(c.id);
    await store.close();
  });

  it("reads a filtered page from the newest spans only, however long the history", async () => {
    const store = await emptied({ pruneIntervalMs: 0 });
    // 1,200 checks of one service, one ten-minute span every two checks, late arrivals included:
    // most spans hold a refused attempt, so a filtered page is found in the first few spans.
    const history = makeHistory(1200, 23, 5 * 60_000, ["alpha"]).map((c, i) => (i % 3 === 0 ? c : { ...c, attempts: c.attempts.map((a, n) => (n === 0 && !c.passed ? { ...a, outcome: "refused" as const } : a)) }));
    const records = history.map((c) => store.append(c));
    await store.flush();
    const spanRows: number[] = [];
    const query = store.pool.query.bind(store.pool) as (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
    Object.assign(store.pool, {
      query: async (text: string, values?: unknown[]) => {
        const result = await query(text, values);
        if (/FROM spans/.test(text)) spanRows.push(result.rows.length);
        return result;
      },
    });
    const sorted = [...records].sort((x, y) => x.id - y.id);
    const total = (await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM spans")).rows[0]!.n;
    expect(total).toBeGreaterThan(500);
    for (const outcome of ["refused", "timeout", "dns"] as const) {
      spanRows.length = 0;
      const page = await store.listChecks("alpha", { limit: 10, outcome });
      expect(page.checks.map((c) => c.id)).toEqual(expectedChecks(sorted, "alpha", { outcome }).slice(0, 10).map((c) => c.id));
      expect(spanRows.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(64);
      expect(await readAllPages(store, "alpha", { limit: 7, outcome })).toEqual(expectedChecks(sorted, "alpha", { outcome }));
    }
    await store.close();
  });

  it("refuses a database written by a newer schema", async () => {
    const fresh = await createTestDatabase();
    try {
      const s = await PostgresStore.open(fresh.url, { pruneIntervalMs: 0 });
      await s.pool.query("UPDATE schema_version SET version = version + 1");
      await s.close();
      await expect(PostgresStore.open(fresh.url, { pruneIntervalMs: 0 })).rejects.toThrow(/newer/);
    } finally {
      await fresh.drop();
    }
  });
});
