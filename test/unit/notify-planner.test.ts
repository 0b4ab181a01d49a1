import { describe, expect, it } from "vitest";
import { notifySchema } from "@/lib/config/notify-schema";
import { IncidentTracker, type TrackedService } from "@/lib/incidents/tracker";
import { planDeliveries } from "@/lib/notify/planner";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";

const MIN = 60_000;
const root = { id: "orders-db", name: "Orders", group: "data" };
const links = async () => ({ incident: "http://x/incidents/1" });

async function setup(routes: unknown[]) {
  const store = memoryAlertStore();
  const cfg = notifySchema.parse({ channels: [{ id: "a", type: "slack", url: "http://127.0.0.1:9/a" }, { id: "b", type: "slack", url: "http://127.0.0.1:9/b" }], routes });
  const inc = await store.openIncident("orders-db", 0, ["api"]);
  const keys = async () => (await store.listDeliveries({ limit: 100 })).deliveries.map((d) => d.key).reverse();
  return { store, cfg, inc, keys };
}

describe("planDeliveries", () => {
  it.each([
    ["everything", {}, ["i1:a:trigger"]],
    ["a matching group", { groups: ["data"] }, ["i1:a:trigger"]],
    ["another group", { groups: ["web"] }, []],
    ["a matching service", { services: ["orders-db"] }, ["i1:a:trigger"]],
    ["another service", { services: ["cache"] }, []],
    ["status down", { status: ["down"] }, ["i1:a:trigger"]],
  ])("route filter: %s", async (_name, filter, expected) => {
    const { store, cfg, inc, keys } = await setup([{ channels: ["a"], ...filter }]);
    await planDeliveries(store, cfg, inc, root, 1_000, links);
    expect(await keys()).toEqual(expected);
  });

  it("holds the trigger until `after`, then reminds at most every `repeatEvery`, then one resolve", async () => {
    const { store, cfg, inc, keys } = await setup([{ channels: ["a", "b"], after: "1m", repeatEvery: "30m" }]);
    for (const t of [0, 30_000, 59_999]) await planDeliveries(store, cfg, inc, root, t, links);
    expect(await keys()).toEqual([]);
    for (const t of [MIN, 2 * MIN, 30 * MIN]) await planDeliveries(store, cfg, inc, root, t, links);
    expect(await keys()).toEqual(["i1:a:trigger", "i1:b:trigger"]);
    for (const t of [31 * MIN, 45 * MIN, 60 * MIN]) await planDeliveries(store, cfg, inc, root, t, links);
    expect((await keys()).slice(2)).toEqual(["i1:a:reminder:1", "i1:b:reminder:1"]);
    // Hours later: one reminder for the latest period, not the ones missed.
    await planDeliveries(store, cfg, inc, root, 181 * MIN, links);
    expect((await keys()).slice(4)).toEqual(["i1:a:reminder:6", "i1:b:reminder:6"]);
    await store.closeIncident(inc.id, 200 * MIN);
    const closed = (await store.incident(inc.id))!;
    await planDeliveries(store, cfg, closed, root, 200 * MIN, links);
    await planDeliveries(store, cfg, closed, root, 201 * MIN, links);
    expect((await keys()).slice(6)).toEqual(["i1:a:resolve", "i1:b:resolve"]);
  });

  it.each([
    ["sendResolved false", { sendResolved: false }, 0],
    ["an incident shorter than `after` (never announced)", { after: "10m" }, 0],
  ])("no resolve for %s", async (_n, extra, resolves) => {
    const { store, cfg, inc, keys } = await setup([{ channels: ["a"], ...extra }]);
    await planDeliveries(store, cfg, inc, root, MIN, links);
    await store.closeIncident(inc.id, 2 * MIN);
    await planDeliveries(store, cfg, (await store.incident(inc.id))!, root, 2 * MIN, links);
    expect((await keys()).filter((k) => k.endsWith("resolve"))).toHaveLength(resolves);
  });
});

describe("IncidentTracker", () => {
  it("opens one incident per root, grows it, and closes it; a dependent confirmed failing gets its own", async () => {
    const store = memoryAlertStore();
    const tracker = new IncidentTracker(store);
    // Each call below names the whole fleet: a service left out is gone.
    const t = { update: (list: TrackedService[], now: number, muted?: (id: string) => boolean) => tracker.update(list, now, muted, true) };
    const deps = (status: string, blockedBy: string[], checkedAt: number) => ["a", "b"].map((id) => ({ id, status, blockedBy, checkedAt }));
    let c = await t.update([{ id: "db", status: "down", blockedBy: [] }, { id: "a", status: "blocked", blockedBy: ["db"], checkedAt: 1 }], 10);
    expect(c.opened.map((i) => [i.root, i.affected])).toEqual([["db", ["a"]]]);
    c = await t.update([{ id: "db", status: "down", blockedBy: [] }, ...deps("blocked", ["db"], 15)], 20);
    expect(c.grown.map((i) => i.affected)).toEqual([["a", "b"]]);
    // The root recovers; the dependents' last failures predate that, so they open nothing yet.
    c = await t.update([{ id: "db", status: "up", blockedBy: [] }, ...deps("down", [], 15)], 30);
    expect(c.closed.map((i) => i.root)).toEqual(["db"]);
    expect(c.opened).toEqual([]);
    // "a" fails again on a check after the recovery: now it is a root cause of its own.
    c = await t.update([{ id: "db", status: "up", blockedBy: [] }, { id: "a", status: "down", blockedBy: [], checkedAt: 35 }, { id: "b", status: "up", blockedBy: [], checkedAt: 35 }], 40);
    expect(c.opened.map((i) => i.root)).toEqual(["a"]);
    // Muted (maintenance) roots open nothing, and an open one stays open while muted.
    expect((await t.update([{ id: "db", status: "down", blockedBy: [] }, { id: "a", status: "down", blockedBy: [], checkedAt: 45 }], 50, (id) => id === "db")).opened).toEqual([]);
    expect((await t.update([{ id: "a", status: "maintenance", blockedBy: [], checkedAt: 55 }], 60, (id) => id === "a")).closed).toEqual([]);
    // A restart continues the open incident.
    const again = new IncidentTracker(store);
    await again.load();
    expect([...again.openByRoot().keys()]).toEqual(["a"]);
  });
});
