import { describe, expect, it } from "vitest";
import { readiness } from "@/lib/graph";
import type { Status } from "@/lib/model";
import { graph } from "./graph-fixtures";

const nodes = graph({ web: ["api", "?search"], api: ["db", "?cache"], db: [], cache: [], search: [] });
const s = (spec: Record<string, Status>) => new Map(Object.entries(spec));

describe("readiness", () => {
  it.each([
    { name: "all required up", id: "web", st: { db: "up", api: "degraded" }, want: { ready: true, waitingFor: [] } },
    { name: "optional down does not matter", id: "web", st: { db: "up", api: "up", search: "down", cache: "down" }, want: { ready: true, waitingFor: [] } },
    { name: "direct dependency blocked", id: "web", st: { db: "down", api: "blocked" }, want: { ready: false, waitingFor: [{ id: "db", status: "down" }, { id: "api", status: "blocked" }] } },
    { name: "up dependency over a down one", id: "web", st: { db: "down", api: "up" }, want: { ready: false, waitingFor: [{ id: "db", status: "down" }] } },
    { name: "unknown statuses count as pending", id: "api", st: {}, want: { ready: false, waitingFor: [{ id: "db", status: "pending" }] } },
    { name: "no dependencies: always ready, whatever its own status", id: "db", st: { db: "down" }, want: { ready: true, waitingFor: [] } },
  ] as { name: string; id: string; st: Record<string, Status>; want: unknown }[])("$name", ({ id, st, want }) => {
    expect(readiness(nodes, s(st), id)).toEqual(want);
  });

  it("answers undefined for an unknown id", () => {
    expect(readiness(nodes, s({}), "nope")).toBeUndefined();
  });
});
