import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeaseKeeper } from "@/lib/cluster/leases";
import { Relay, type RelayedCheck } from "@/lib/cluster/relay";
import { openPgPool, PostgresStore } from "@/lib/store/postgres";
import { makeCheck, seeded } from "../fixtures/history-data";
import { createTestDatabase, type TestDatabase } from "../fixtures/postgres-db";
import { waitFor } from "../fixtures/server";

let db: TestDatabase;
let schema: PostgresStore;
beforeAll(async () => {
  db = await createTestDatabase();
  schema = await PostgresStore.open(db.url, { pruneIntervalMs: 0 });
});
afterAll(async () => {
  await schema?.close();
  await db?.drop();
});

const SERVICES = Array.from({ length: 30 }, (_, i) => ({ id: `svc-${i}`, interval: 1_000 }));

/** An instance's lease keeper on its own pool, recording what it owns. */
function instance(id: string, ttlMs: number, beatMs = 60_000) {
  const pool = openPgPool(db.url, 2, ttlMs);
  const state = { owned: new Set<string>(), changes: 0, errors: [] as unknown[] };
  const keeper = new LeaseKeeper({
    pool,
    instanceId: id,
    configHash: "same",
    ttlMs,
    beatMs, // a minute: beats are driven by the test
    services: () => SERVICES,
    dueOf: () => undefined,
    onChange: (owned) => {
      state.owned = new Set(owned);
      state.changes++;
    },
    onError: (err) => state.errors.push(err),
  });
  return { id, pool, keeper, state };
}

async function settle(list: ReturnType<typeof instance>[], rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const x of list) await x.keeper.tick();
}

function expectPartition(list: ReturnType<typeof instance>[]): void {
  const all = list.flatMap((x) => [...x.state.owned]);
  expect(new Set(all).size).toBe(all.length);
  expect(new Set(all)).toEqual(new Set(SERVICES.map((s) => s.id)));
}

describe("LeaseKeeper against the real PostgreSQL", () => {
  it("splits the services between three instances: each owned by exactly one, about a third each, and hands over at once on stop", async () => {
    await schema.pool.query("TRUNCATE leases, instances");
    const xs = ["a", "b", "c"].map((id) => instance(`split-${id}`, 60_000));
    for (const x of xs) await x.keeper.start();
    await settle(xs);
    expectPartition(xs);
    for (const x of xs) expect(x.state.owned.size).toBeGreaterThanOrEqual(4);
    // A graceful stop frees its leases now, not after the (one minute) lease runs out.
    const [a, b, c] = xs as [ReturnType<typeof instance>, ReturnType<typeof instance>, ReturnType<typeof instance>];
    await c.keeper.stop();
    expect(c.state.owned.size).toBe(0);
    await settle([a, b], 2);
    expectPartition([a, b]);
    await Promise.all([a, b].map(async (x) => {
      await x.keeper.stop();
      await x.pool.end();
    }));
    await c.pool.end();
  });

  it("takes over the services of an instance that vanished once its leases expire, and that instance stops checking them", async () => {
    await schema.pool.query("TRUNCATE leases, instances");
    // Real beats here (a fifth of the lease), so membership stays fresh whatever the machine's load.
    const xs = ["a", "b", "c"].map((id) => instance(`kill-${id}`, 3_000, 600));
    for (const x of xs) await x.keeper.start();
    await waitFor(() => (xs.every((x) => x.state.owned.size > 0) && xs.reduce((n, x) => n + x.state.owned.size, 0) === SERVICES.length ? true : undefined), 15_000, "a settled split");
    const [a, b, c] = xs as [ReturnType<typeof instance>, ReturnType<typeof instance>, ReturnType<typeof instance>];
    const lost = [...c.state.owned];
    expect(lost.length).toBeGreaterThan(0);
    // C loses its database: its beats fail, and before its leases expire it owns nothing.
    await c.pool.end();
    const t0 = Date.now();
    // Nobody else holds any of C's services while C may still check them.
    const overlap: string[] = [];
    await waitFor(() => {
      if (c.state.owned.size > 0) overlap.push(...lost.filter((id) => a.state.owned.has(id) || b.state.owned.has(id)));
      return c.state.owned.size === 0 ? true : undefined;
    }, 10_000, "C to drop its leases");
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(overlap).toEqual([]);
    await waitFor(() => (lost.every((id) => a.state.owned.has(id) || b.state.owned.has(id)) ? true : undefined), 15_000, "A and B to take C's services");
    expectPartition([a, b]);
    await c.keeper.stop().catch(() => undefined);
    for (const x of [a, b]) {
      await x.keeper.stop();
      await x.pool.end();
    }
  });
});

describe("Relay against the real PostgreSQL", () => {
  it.each([
    ["LISTEN/NOTIFY", true],
    ["polling the stored checks", false],
  ])("brings a check made on one instance to another by %s", async (_label, notify) => {
    const store = await PostgresStore.open(db.url, { pruneIntervalMs: 0, flushMs: 20 });
    const got: RelayedCheck[] = [];
    const relay = (id: string, n: boolean) =>
      new Relay({ url: db.url, pool: store.pool, instanceId: id, notify: n, pollMs: 50, feed: (after) => store.checksAfter(after), onChecks: (items) => got.push(...items), onControl: () => undefined });
    const a = relay("relay-a", true);
    const b = relay("relay-b", notify);
    await a.start();
    await b.start();
    expect(b.mode).toBe(notify ? "notify" : "polling");
    const counters = { status: "up" as const, passStreak: 3, cleanStreak: 3, failStreak: 0, since: Date.now() };
    const check = store.append(makeCheck("relayed", Date.now(), seeded(3), { failures: 1 }));
    store.saveCounters("relayed", counters);
    a.publish({ check, counters });
    const item = await waitFor(() => got.find((g) => g.check.id === check.id), 10_000, "the check on B");
    expect(item).toEqual({ check, counters });
    await a.stop();
    await b.stop();
    await store.close();
  });
});
