import { describe, expect, it } from "vitest";
import { applyBlocked, rootCauses, type BaseState } from "@/lib/graph";
import type { BaseStatus } from "@/lib/model";
import { graph } from "./graph-fixtures";

/** "down" | "up" … or "up!" for a service whose status holds but whose last check failed. */
function base(spec: Record<string, string | undefined>): Map<string, BaseState> {
  return new Map(Object.entries(spec).map(([id, s = "pending"]) => {
    const status = s.replace("!", "") as BaseStatus;
    return [id, { status, failing: s.endsWith("!") || status === "down" || status === "starting" }];
  }));
}

const chain = graph({ web: ["api"], api: ["db"], db: [] });
const twoRoots = graph({ web: ["api", "queue"], api: ["db"], queue: ["broker"], db: [], broker: [] });

describe("applyBlocked", () => {
  it.each([
    {
      name: "chain db→api→web with db down",
      nodes: chain,
      base: { db: "down", api: "down", web: "starting" },
      want: { db: ["down", []], api: ["blocked", ["db"]], web: ["blocked", ["db"]] },
    },
    {
      name: "two independent roots",
      nodes: twoRoots,
      base: { db: "down", broker: "down", api: "down", queue: "up!", web: "down" },
      want: { db: ["down", []], broker: ["down", []], api: ["blocked", ["db"]], queue: ["blocked", ["broker"]], web: ["blocked", ["broker", "db"]] },
    },
    {
      name: "only the deepest down service is a root cause",
      nodes: chain,
      base: { db: "down", api: "down", web: "down" },
      want: { db: ["down", []], api: ["blocked", ["db"]], web: ["blocked", ["db"]] },
    },
    {
      name: "a down service explained through an up middle service is blocked",
      nodes: chain,
      base: { db: "down", api: "up", web: "down" },
      want: { db: ["down", []], api: ["up", []], web: ["blocked", ["db"]] },
    },
    {
      name: "a failing service with an optional down dependency is not blocked",
      nodes: graph({ api: ["?cache"], hub: ["?cache"], cache: [] }),
      base: { cache: "down", api: "down", hub: "starting" },
      want: { cache: ["down", []], api: ["down", []], hub: ["starting", []] },
    },
    {
      name: "a service whose checks pass is never blocked",
      nodes: chain,
      base: { db: "down", api: "up", web: "degraded" },
      want: { db: ["down", []], api: ["up", []], web: ["degraded", []] },
    },
    {
      name: "a pending service (no check yet) is not blocked",
      nodes: chain,
      base: { db: "down" },
      want: { db: ["down", []], api: ["pending", []], web: ["pending", []] },
    },
    {
      name: "an up service whose last check failed is blocked while a dependency is down",
      nodes: chain,
      base: { db: "down", api: "up!", web: "up" },
      want: { db: ["down", []], api: ["blocked", ["db"]], web: ["up", []] },
    },
    {
      name: "diamond: the shared root is named once",
      nodes: graph({ web: ["a", "b"], a: ["db"], b: ["db"], db: [] }),
      base: { db: "down", a: "down", b: "starting", web: "down" },
      want: { db: ["down", []], a: ["blocked", ["db"]], b: ["blocked", ["db"]], web: ["blocked", ["db"]] },
    },
    {
      name: "nothing down, nothing blocked: a failing dependent of a starting service waits",
      nodes: chain,
      base: { db: "up", api: "starting", web: "down" },
      want: { db: ["up", []], api: ["starting", []], web: ["waiting", []] },
    },
  ])("$name", ({ nodes, base: spec, want }) => {
    const got = applyBlocked(nodes, base(spec));
    expect(Object.fromEntries([...got].map(([id, s]) => [id, [s.status, s.blockedBy]]))).toEqual(want);
  });

  it("rootCauses lists the services left down", () => {
    const got = applyBlocked(twoRoots, base({ db: "down", broker: "down", api: "down", queue: "down", web: "down" }));
    expect(rootCauses(got)).toEqual(["broker", "db"]);
  });
});
