import { describe, expect, it } from "vitest";
import { preferredOwner } from "@/lib/cluster/rendezvous";

const keys = Array.from({ length: 3_000 }, (_, i) => `service-${i}`);

function shares(members: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) {
    const o = preferredOwner(k, members)!;
    out.set(o, (out.get(o) ?? 0) + 1);
  }
  return out;
}

describe("preferredOwner (rendezvous hashing)", () => {
  it.each([[2], [3], [5]])("spreads keys evenly over %i members", (n) => {
    const members = Array.from({ length: n }, (_, i) => `host-${i}`);
    for (const count of shares(members).values()) expect(Math.abs(count - keys.length / n)).toBeLessThan(keys.length / n / 5);
  });

  it("gives the same answer whatever the order of the member list", () => {
    for (const k of keys.slice(0, 200)) expect(preferredOwner(k, ["a", "b", "c"])).toBe(preferredOwner(k, ["c", "a", "b"]));
  });

  it("moves only the leaving member's keys when one leaves", () => {
    const before = keys.map((k) => preferredOwner(k, ["a", "b", "c"]));
    const after = keys.map((k) => preferredOwner(k, ["a", "b"]));
    before.forEach((owner, i) => {
      if (owner !== "c") expect(after[i]).toBe(owner);
    });
  });

  it("has no owner without members", () => {
    expect(preferredOwner("x", [])).toBeUndefined();
  });
});
