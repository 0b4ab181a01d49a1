import { describe, expect, it } from "vitest";
import { uptimeBadge } from "@/lib/api/badge";
import { uptimeOf } from "@/lib/incidents/uptime";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";

const H = 3_600_000;
const log = (...pairs: [number, string][]) => pairs.map(([at, status]) => ({ service: "s", at, status }));

describe("uptimeOf", () => {
  it.each([
    ["always up", log([-H, "up"]), { percent: 100, upMs: 10 * H, downMs: 0, dependencyMs: 0, maintenanceMs: 0, unknownMs: 0 }],
    ["nothing logged", [], { percent: null, upMs: 0, unknownMs: 10 * H }],
    ["down 1h of 10", log([-H, "up"], [2 * H, "down"], [3 * H, "degraded"]), { percent: 90, upMs: 9 * H, downMs: H }],
    ["blocked and waiting count apart", log([0, "up"], [1 * H, "blocked"], [2 * H, "waiting"], [3 * H, "up"]), { percent: 80, dependencyMs: 2 * H }],
    ["maintenance is left out of the share", log([0, "up"], [5 * H, "maintenance"], [7 * H, "down"], [8 * H, "up"]), { percent: 87.5, maintenanceMs: 2 * H, downMs: H }],
    ["pending before the first check", log([4 * H, "pending"], [5 * H, "up"]), { percent: 100, unknownMs: 5 * H, upMs: 5 * H }],
  ])("%s", (_n, entries, expected) => {
    expect(uptimeOf(entries, 0, 10 * H)).toMatchObject(expected);
  });

  it("reads the log from the store, starting with the last change before the range", () => {
    const store = memoryAlertStore();
    store.logStatuses(log([-5 * H, "down"], [-H, "down"], [2 * H, "up"]));
    expect(store.statusLog("s", 0, 10 * H).map((c) => c.at)).toEqual([-H, 2 * H]);
    expect(uptimeOf(store.statusLog("s", 0, 10 * H), 0, 10 * H)).toMatchObject({ percent: 80, downMs: 2 * H });
    expect(store.lastStatuses()).toEqual(new Map([["s", "up"]]));
    store.logStatuses([{ service: "t", at: 3 * H, status: "down" }]);
    const all = store.statusLogAll(0, 10 * H);
    expect([...all.keys()].sort()).toEqual(["s", "t"]);
    expect(all.get("s")!.map((c) => [c.at, c.status])).toEqual([[-H, "down"], [2 * H, "up"]]);
    expect(uptimeOf(all.get("t")!, 0, 10 * H)).toMatchObject({ percent: 0, unknownMs: 3 * H, downMs: 7 * H });
  });
});

describe("uptimeBadge", () => {
  const u = (percent: number | null) => ({ percent, upMs: 0, downMs: 0, dependencyMs: 0, maintenanceMs: 0, unknownMs: 0 });
  const all = { "24h": u(100), "7d": u(99.5), "30d": u(93.25), "90d": u(null) };
  it.each([
    ["24h", "100.00%", true],
    ["7d", "99.50%", true],
    [null, "93.25%", true],
    ["90d", "no data", true],
    ["1y", "range: 24h, 7d, 30d or 90d", false],
  ])("range %s → %s", (range, message, ok) => {
    expect(uptimeBadge(all, range)).toMatchObject({ message, ok });
  });
});
