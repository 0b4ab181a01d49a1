import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckRequests } from "@/lib/cluster/check-requests";
import type { RelayedCheck } from "@/lib/cluster/relay";
import { openPgPool, PostgresStore } from "@/lib/store/postgres";
import { makeCheck, seeded } from "../fixtures/history-data";
import { createTestDatabase, type TestDatabase } from "../fixtures/postgres-db";

// Check-now through the request table (lib/cluster/check-requests.ts) between two instances on the
// real PostgreSQL; leases are written by hand so each case says who holds the service.
let db: TestDatabase;
let schema: PostgresStore;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  schema = await PostgresStore.open(db.url, { pruneIntervalMs: 0 });
});
afterAll(async () => {
  for (const p of pools) await p.end().catch(() => undefined);
  await schema?.close();
  await db?.drop();
});

/** An instance that believes it owns `owned`; `runs` counts the checks it ran for others. */
function instance(id: string, owned: string[]) {
  const pool = openPgPool(db.url, 2, 5_000);
  pools.push(pool);
  const state = { runs: 0 };
  const requests = new CheckRequests({
    pool,
    instanceId: id,
    owned: () => new Set(owned),
    run: async (service): Promise<RelayedCheck> => {
      state.runs++;
      const check = { ...makeCheck(service, Date.now(), seeded(state.runs), { manual: true }), id: state.runs };
      return { check, counters: { status: "up", passStreak: 1, cleanStreak: 1, failStreak: 0, since: Date.now() } };
    },
    pollMs: 50,
    claimMs: 400,
  });
  requests.start();
  return { requests, state };
}

async function lease(service: string, owner: string, validMs: number): Promise<void> {
  await schema.pool.query(
    `INSERT INTO leases (service, owner, expires_at) VALUES ($1, $2, now() + $3::int * interval '1 millisecond')
     ON CONFLICT (service) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
    [service, owner, validMs],
  );
}

describe("check-now through the request table", () => {
  it("is run once by the holder of the lease and answered with its check; the row is gone after", async () => {
    const a = instance("a", ["svc-1"]);
    const b = instance("b", []);
    await lease("svc-1", "a", 60_000);
    const answers = await Promise.all([b.requests.ask("svc-1", 10_000), b.requests.ask("svc-1", 10_000)]);
    for (const answer of answers) expect(answer).toMatchObject({ item: { check: { serviceId: "svc-1", trigger: "manual" } } });
    expect(a.state.runs).toBe(2);
    expect(b.state.runs).toBe(0);
    await expect.poll(async () => (await schema.pool.query("SELECT count(*)::int AS n FROM check_requests")).rows[0].n).toBe(0);
    await Promise.all([a.requests.stop(), b.requests.stop()]);
  });

  it("is withdrawn and left to the asker when the lease holder does not claim it, even if an instance still thinks it owns the service", async () => {
    // `a` believes it owns svc-2, but the database gave the lease to an instance that never answers.
    const a = instance("a", ["svc-2"]);
    const b = instance("b", []);
    await lease("svc-2", "gone", 60_000);
    const started = Date.now();
    expect(await b.requests.ask("svc-2", 10_000)).toEqual({ unclaimed: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(a.state.runs).toBe(0);
    expect((await schema.pool.query("SELECT count(*)::int AS n FROM check_requests")).rows[0].n).toBe(0);
    await Promise.all([a.requests.stop(), b.requests.stop()]);
  });

  it("refuses requests still waiting when the asker stops, and asks nobody without a database", async () => {
    const b = instance("b", []);
    await lease("svc-3", "gone", 60_000);
    const waiting = b.requests.ask("svc-3", 10_000);
    await new Promise((r) => setTimeout(r, 100));
    await b.requests.stop();
    await expect(waiting).rejects.toThrow(/shutting down/);
    const nowhere = openPgPool("postgres://postgres@127.0.0.1:1/none", 1, 1_000);
    pools.push(nowhere);
    const offline = new CheckRequests({ pool: nowhere, instanceId: "c", owned: () => new Set(), run: async () => undefined });
    expect(await offline.ask("svc-3", 10_000)).toEqual({ unclaimed: true });
  });
});
