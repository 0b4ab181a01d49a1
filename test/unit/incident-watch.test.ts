import { describe, expect, it } from "vitest";
import { IncidentWatch, type IncidentChange } from "@/lib/runtime/incident-watch";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";

describe("IncidentWatch", () => {
  it("reports incidents opened, grown and closed in the store since the last look, after a silent baseline", async () => {
    const store = memoryAlertStore();
    const seen: [IncidentChange, string, number][] = [];
    const w = new IncidentWatch(store, (change, i) => seen.push([change, i.root, i.affected.length]));
    const old = await store.openIncident("cache", 1, []);
    await w.look();
    expect(seen).toEqual([]);
    const db = await store.openIncident("db", 2, ["api"]);
    await w.look();
    await store.setAffected(db.id, ["api", "web"]);
    await store.closeIncident(old.id, 3);
    await w.look();
    await w.look();
    expect(seen).toEqual([["opened", "db", 1], ["updated", "db", 2], ["closed", "cache", 0]]);
    // After a reset (news came another way) the next look is a new baseline.
    w.reset();
    await store.closeIncident(db.id, 4);
    await w.look();
    expect(seen).toHaveLength(3);
  });
});
