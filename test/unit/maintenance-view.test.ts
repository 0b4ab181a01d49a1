import { describe, expect, it } from "vitest";
import type { GraphState } from "@/lib/graph";
import { withMaintenance } from "@/lib/runtime/derive";

const state = (status: GraphState["status"], blockedBy: string[] = []): GraphState => ({ status, blockedBy, waitingFor: [] });

describe("withMaintenance", () => {
  it("shows services in maintenance as such, everything else as the graph says, in the graph's order", () => {
    const states = new Map([["db", state("down")], ["api", state("blocked", ["db"])], ["web", state("up")]]);
    const shown = withMaintenance(states, new Set(["db", "gone"]));
    const expected: [string, GraphState][] = [["db", state("maintenance")], ["api", state("blocked", ["db"])], ["web", state("up")]];
    expect([...shown]).toEqual(expected);
    expect([...shown.entries()]).toEqual(expected);
    expect([...shown.values()]).toEqual(expected.map(([, g]) => g));
    expect([...shown.keys()]).toEqual(["db", "api", "web"]);
    const seen: string[] = [];
    shown.forEach((g, id) => seen.push(`${id}:${g.status}`));
    expect(seen).toEqual(["db:maintenance", "api:blocked", "web:up"]);
    expect(shown.get("db")).toEqual(state("maintenance"));
    expect(shown.get("gone")).toBeUndefined();
    expect(shown.has("gone")).toBe(false);
    expect(shown.size).toBe(3);
    // A new view per change, so caches keyed on it see the change; without maintenance, the graph itself.
    expect(withMaintenance(states, new Set(["db"]))).not.toBe(shown);
    expect(withMaintenance(states, new Set())).toBe(states);
  });

  it("follows the live graph it views", () => {
    const states = new Map([["a", state("up")], ["b", state("up")]]);
    const shown = withMaintenance(states, new Set(["a"]));
    states.set("b", state("down"));
    expect(shown.get("b")!.status).toBe("down");
    expect(shown.get("a")!.status).toBe("maintenance");
  });
});
