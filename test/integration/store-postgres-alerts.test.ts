import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "@/lib/store/postgres";
import { createTestDatabase, type TestDatabase } from "../fixtures/postgres-db";

// Two stores on separate pools stand for two instances sharing one real PostgreSQL database.
let db: TestDatabase;
let a: PostgresStore;
let b: PostgresStore;

beforeAll(async () => {
  db = await createTestDatabase();
  [a, b] = await Promise.all([PostgresStore.open(db.url, { pruneIntervalMs: 0 }), PostgresStore.open(db.url, { pruneIntervalMs: 0 })]);
});
afterEach(async () => {
  await a.pool.query("TRUNCATE incidents, deliveries, silences RESTART IDENTITY");
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await db?.drop();
});

const delivery = (key: string, incidentId = 1) => ({ key, incidentId, channel: "hook", kind: "trigger", notice: JSON.stringify({ deliveryId: key }) });

describe("PostgresAlertStore shared by two instances", () => {
  it("keeps one open incident per root however many open it at once, and a new one after it closed", async () => {
    const opened = await Promise.all([a, b, a, b].map((s, i) => s.alerts.openIncident("orders-db", 1_000 + i, ["api"])));
    expect(new Set(opened.map((i) => i.id)).size).toBe(1);
    expect((await b.alerts.openIncidents()).map((i) => [i.root, i.affected])).toEqual([["orders-db", ["api"]]]);
    await a.alerts.setAffected(opened[0]!.id, ["api", "web"]);
    expect((await b.alerts.incident(opened[0]!.id))?.affected).toEqual(["api", "web"]);
    await b.alerts.closeIncident(opened[0]!.id, 5_000);
    const next = await a.alerts.openIncident("orders-db", 6_000, []);
    expect(next.id).toBeGreaterThan(opened[0]!.id);
    expect((await a.alerts.closedSince(5_000)).map((i) => [i.id, i.endedAt])).toEqual([[opened[0]!.id, 5_000]]);
    const page = await b.alerts.listIncidents({ limit: 1, service: "web" });
    expect(page.incidents.map((i) => i.id)).toEqual([opened[0]!.id]);
  });

  it("queues a delivery key once across instances", async () => {
    const results = await Promise.all([a, b, a, b].map((s) => s.alerts.enqueue(delivery("i1:hook:trigger"), 1)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.alerts.hasDelivery("i1:hook:trigger")).toBe(true);
  });

  it("never lets two instances claim the same delivery", async () => {
    for (let i = 0; i < 20; i++) await a.alerts.enqueue(delivery(`k${i}`), i);
    const claims = await Promise.all([a, b, a, b].map((s) => s.alerts.claimDue(100, 20, 60_000)));
    const ids = claims.flat().map((d) => d.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect(claims.flat().every((d) => d.state === "sending" && d.attempts === 1)).toBe(true);
    expect(await b.alerts.claimDue(100, 20, 60_000)).toEqual([]);
  });

  it("hands a dead sender's delivery to another instance once its claim runs out, with the same key", async () => {
    await a.alerts.enqueue(delivery("i1:hook:resolve"), 1);
    const [mine] = await a.alerts.claimDue(10, 1, 300);
    expect(mine?.key).toBe("i1:hook:resolve");
    // The claim holds: nobody else may send it meanwhile.
    expect(await b.alerts.claimDue(10, 1, 300)).toEqual([]);
    expect(await b.alerts.resetSending()).toBe(0);
    const due = await b.alerts.nextDue();
    expect(due).toBeGreaterThan(Date.now() - 1_000);
    await new Promise((r) => setTimeout(r, 400));
    const [theirs] = await b.alerts.claimDue(10, 1, 60_000);
    expect(theirs).toMatchObject({ id: mine!.id, key: "i1:hook:resolve", attempts: 2, state: "sending" });
    await b.alerts.markSent(theirs!.id, 20);
    expect(await a.alerts.nextDue()).toBeUndefined();
    expect((await a.alerts.listDeliveries({ limit: 5 })).deliveries.map((d) => [d.key, d.state, d.sentAt])).toEqual([["i1:hook:resolve", "sent", 20]]);
  });

  it("shows a silence made on one instance on the other, and ends it from there", async () => {
    const now = Date.now();
    const s = await a.alerts.addSilence({ services: ["cache"], groups: ["data"], reason: "drill", createdBy: "ops", startsAt: now, endsAt: now + 60_000 });
    expect((await b.alerts.activeSilences(now)).map((x) => [x.id, x.services, x.groups, x.createdBy])).toEqual([[s.id, ["cache"], ["data"], "ops"]]);
    expect(await b.alerts.endSilence(s.id, now + 1)).toBe(true);
    expect(await a.alerts.endSilence(s.id, now + 2)).toBe(false);
    expect(await a.alerts.activeSilences(now + 2)).toEqual([]);
    expect((await a.alerts.listSilences(10)).map((x) => x.endedAt)).toEqual([now + 1]);
  });

  it("prunes closed incidents with their deliveries and ended silences, keeping what is open", async () => {
    const old = await a.alerts.openIncident("old", 1, []);
    await a.alerts.closeIncident(old.id, 2);
    const open = await a.alerts.openIncident("live", 1, []);
    await a.alerts.enqueue(delivery("old-key", old.id), 1);
    await a.alerts.enqueue(delivery("live-key", open.id), 1);
    await a.alerts.addSilence({ services: ["x"], groups: [], reason: "r", createdBy: "c", startsAt: 1, endsAt: 5 });
    expect(await b.alerts.prune(100)).toBe(1);
    expect((await a.alerts.openIncidents()).map((i) => i.root)).toEqual(["live"]);
    expect((await a.alerts.listDeliveries({ limit: 5 })).deliveries.map((d) => d.key)).toEqual(["live-key"]);
    expect(await a.alerts.listSilences(5)).toEqual([]);
  });
});

describe("SharedStatusLog", () => {
  it("writes each instance's status changes to the shared table, and a starting instance continues from them", async () => {
    const now = Date.now();
    a.statusLog.logStatuses([{ service: "db", at: now - 3_000, status: "up" }, { service: "db", at: now - 2_000, status: "down" }]);
    b.statusLog.logStatuses([{ service: "web", at: now - 1_000, status: "up" }]);
    // Reads are served from this instance's mirror at once.
    expect(a.statusLog.lastStatuses()).toEqual(new Map([["db", "down"]]));
    await Promise.all([a.statusLog.flush(), b.statusLog.flush()]);
    const c = await PostgresStore.open(db.url, { pruneIntervalMs: 0 });
    try {
      expect(c.statusLog.lastStatuses()).toEqual(new Map([["db", "down"], ["web", "up"]]));
      expect(c.statusLog.statusLog("db", now - 2_500, now).map((x) => [x.at, x.status])).toEqual([[now - 3_000, "up"], [now - 2_000, "down"]]);
      expect([...c.statusLog.statusLogAll(now - 10_000, now).keys()].sort()).toEqual(["db", "web"]);
    } finally {
      await c.close();
      await a.pool.query("TRUNCATE status_log");
    }
  });
});
