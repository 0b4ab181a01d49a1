import { describe, expect, it } from "vitest";
import { IncidentTracker, type IncidentChanges, type TrackedService } from "@/lib/incidents/tracker";
import type { AlertStore } from "@/lib/store/alert-types";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";
import { seeded } from "../fixtures/prng";

/**
 * SPEC §9 read literally, over the whole fleet on every pass: the slow obvious way, to check
 * the tracker (fed only what changed) against.
 */
class WholeFleetOracle {
  private readonly open = new Map<string, { id: number; affected: string[] }>();
  private readonly dependent = new Set<string>();
  private readonly releasedAt = new Map<string, number>();
  constructor(private readonly store: AlertStore) {}

  async update(fleet: readonly TrackedService[], now: number, muted: (id: string) => boolean): Promise<{ opened: string[]; grown: string[]; closed: string[] }> {
    const roots: string[] = [];
    const members = new Map<string, Set<string>>();
    for (const s of fleet) {
      const held = s.blockedBy.length + (s.waitingFor?.length ?? 0) > 0;
      if (held) this.dependent.add(s.id);
      else if (this.dependent.delete(s.id)) this.releasedAt.set(s.id, now);
      const released = this.releasedAt.get(s.id);
      if (s.status === "down" && !held && (released === undefined || (s.checkedAt ?? 0) > released) && !muted(s.id)) roots.push(s.id);
      for (const r of [...s.blockedBy, ...(s.waitingFor ?? [])]) members.set(r, (members.get(r) ?? new Set()).add(s.id));
    }
    const out = { opened: [] as string[], grown: [] as string[], closed: [] as string[] };
    for (const [root, inc] of [...this.open]) {
      if (roots.includes(root) || muted(root)) continue;
      await this.store.closeIncident(inc.id, now);
      this.open.delete(root);
      out.closed.push(root);
    }
    for (const root of roots.sort()) {
      const now_ = [...(members.get(root) ?? [])].sort();
      const inc = this.open.get(root);
      if (!inc) {
        this.open.set(root, { id: (await this.store.openIncident(root, now, now_)).id, affected: now_ });
        out.opened.push(root);
      } else if (now_.some((id) => !inc.affected.includes(id))) {
        inc.affected = [...new Set([...inc.affected, ...now_])].sort();
        await this.store.setAffected(inc.id, inc.affected);
        out.grown.push(root);
      }
    }
    return out;
  }
}

const names = (c: IncidentChanges) => ({ opened: c.opened.map((i) => i.root), grown: c.grown.map((i) => i.root), closed: c.closed.map((i) => i.root) });
const incidents = async (store: AlertStore) => (await store.listIncidents({ limit: 1_000 })).incidents.map((i) => [i.root, i.startedAt, i.endedAt, i.affected]);

/** A random change to one service: a root cause, a dependent of some roots, waiting, or fine. */
function randomState(id: string, ids: readonly string[], rnd: () => number, at: number): TrackedService {
  const pick = () => ids.filter((x) => x !== id && rnd() < 3 / ids.length);
  const r = rnd();
  if (r < 0.3) return { id, status: "down", blockedBy: [], checkedAt: at };
  if (r < 0.55) return { id, status: "blocked", blockedBy: pick(), checkedAt: at };
  if (r < 0.65) return { id, status: "waiting", blockedBy: [], waitingFor: pick(), checkedAt: at };
  return { id, status: rnd() < 0.8 ? "up" : "degraded", blockedBy: [], checkedAt: at };
}

describe("IncidentTracker fed only the services that changed", () => {
  it.each([1, 2, 3, 4])("matches the whole-fleet pass over 400 random passes, looking at only what changed (seed %i)", async (seed) => {
    const rnd = seeded(seed);
    const ids = Array.from({ length: 120 }, (_, i) => `s${String(i).padStart(3, "0")}`);
    const fleet = new Map(ids.map((id) => [id, { id, status: "up", blockedBy: [], checkedAt: 0 } as TrackedService]));
    const fast = memoryAlertStore();
    const slow = memoryAlertStore();
    const tracker = new IncidentTracker(fast);
    const oracle = new WholeFleetOracle(slow);
    let muted = new Set<string>();
    expect(names(await tracker.update([...fleet.values()], 0, () => false, true))).toEqual(await oracle.update([...fleet.values()], 0, () => false));
    let changedTotal = 0;
    for (let pass = 1; pass <= 400; pass++) {
      const now = pass * 1_000;
      const changed = ids.filter(() => rnd() < 0.04);
      for (const id of changed) fleet.set(id, randomState(id, ids, rnd, now - 500 + Math.floor(rnd() * 1_000)));
      // Maintenance comes and goes on its own clock; the tracker is not told which services it touched.
      if (rnd() < 0.05) muted = new Set(ids.filter(() => rnd() < 0.1));
      const isMuted = (id: string) => muted.has(id);
      const got = await tracker.update(changed.map((id) => fleet.get(id)!), now, isMuted);
      expect(names(got), `pass ${pass}`).toEqual(await oracle.update([...fleet.values()], now, isMuted));
      changedTotal += changed.length;
    }
    expect(await incidents(fast)).toEqual(await incidents(slow));
    expect((await incidents(fast)).length).toBeGreaterThan(20);
    // The passes looked at the fleet once, then only at the services that changed.
    expect(tracker.visited).toBe(ids.length + changedTotal);
    expect(changedTotal).toBeLessThan((ids.length * 400) / 10);
  });

  it("forgets services a full pass no longer names: their incidents close and they leave others'", async () => {
    const store = memoryAlertStore();
    const t = new IncidentTracker(store);
    await t.update([{ id: "db", status: "down", blockedBy: [] }, { id: "api", status: "blocked", blockedBy: ["db"] }, { id: "cache", status: "down", blockedBy: [] }], 10, undefined, true);
    expect([...t.openByRoot().keys()].sort()).toEqual(["cache", "db"]);
    const c = await t.update([{ id: "db", status: "down", blockedBy: [] }, { id: "web", status: "blocked", blockedBy: ["db"] }], 20, undefined, true);
    expect(names(c)).toEqual({ opened: [], grown: ["db"], closed: ["cache"] });
    expect(t.openByRoot().get("db")!.affected).toEqual(["api", "web"]);
  });
});
