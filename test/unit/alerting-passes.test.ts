import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { Alerting } from "@/lib/runtime/alerting";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";

const parsed = parseConfig(`services:
  - { id: db, check: { type: tcp, url: "tcp://127.0.0.1:5432" } }
  - { id: api, dependsOn: [db], check: { type: tcp, url: "tcp://127.0.0.1:5433" } }
`, {});
if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
const config = parsed.config;

function alerting() {
  const store = memoryAlertStore();
  return { store, a: new Alerting({ store, config: () => config, root: (id) => ({ id, name: id, group: "" }), links: async () => ({}) }) };
}

const down = [{ id: "db", status: "down", blockedBy: [] }, { id: "api", status: "blocked", blockedBy: ["db"] }];
const up = [{ id: "db", status: "up", blockedBy: [] }, { id: "api", status: "up", blockedBy: [] }];

describe("Alerting status passes", () => {
  it("tracks nothing until it drives, then continues the open incidents from the store", async () => {
    const { store, a } = alerting();
    expect((await a.onPass(down, 10)).opened).toEqual([]);
    expect(await store.openIncidents()).toEqual([]);
    await store.openIncident("db", 5, []);
    await a.lead(true);
    expect(a.driving).toBe(true);
    const c = await a.onPass(down, 20);
    expect(c.opened).toEqual([]);
    expect(c.grown.map((i) => [i.root, i.startedAt, i.affected])).toEqual([["db", 5, ["api"]]]);
    await a.stop();
    expect(a.driving).toBe(false);
  });

  it("merges passes made while one waits into it: it runs once, with the newest statuses", async () => {
    const { store, a } = alerting();
    await a.lead(true);
    const first = a.onPass(down, 10);
    const second = a.onPass(down, 20);
    expect(second).toBe(first);
    // The down-then-up in between never reaches the store: only the latest statuses count.
    expect(await a.onPass(up, 30)).toEqual({ opened: [], grown: [], closed: [] });
    expect(await store.listIncidents({ limit: 5 })).toEqual({ incidents: [] });
    // Once it ran, the next pass is a new one.
    expect((await a.onPass(down, 40)).opened.map((i) => [i.root, i.startedAt])).toEqual([["db", 40]]);
    await a.stop();
  });
});
