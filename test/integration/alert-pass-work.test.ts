import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAll } from "@/lib/api/check-all";
import type { Engine } from "@/lib/runtime/engine";
import { startSettledEngine } from "@/test/fixtures/engine";
import { waitFor } from "@/test/fixtures/server";

// A real engine and real http checks against a local server whose paths fail on demand: the
// incident pass after a check looks at the services whose status moved, not at the fleet.
const APPS = 200;
const failing = new Set<string>();
let server: Server;
let engine: Engine;

beforeAll(async () => {
  server = createServer((req, res) => {
    const bad = failing.has(req.url ?? "");
    res.statusCode = bad ? 500 : 200;
    res.end(bad ? "broken" : "ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const yaml = `
defaults: { interval: 1h, retries: 0, failureThreshold: 1, successThreshold: 1, timeout: 2s }
services:
  - { id: db, check: { type: http, url: "${base}/db" } }
  - { id: solo, check: { type: http, url: "${base}/solo" } }
${Array.from({ length: APPS }, (_, i) => `  - { id: app-${i}, group: apps, dependsOn: [db], check: { type: http, url: "${base}/app" } }`).join("\n")}
`;
  engine = await startSettledEngine(yaml);
});

afterAll(async () => {
  await engine.shutdown(1_000);
  await new Promise((r) => server.close(r));
});

/** Services the incident tracker looked at while `fn` ran and its passes settled. */
async function visitsDuring(fn: () => Promise<unknown>): Promise<number> {
  const tracker = engine.alerting.tracker;
  await new Promise((r) => setImmediate(r));
  const before = tracker.visited;
  await fn();
  // The pass runs on the next turn of the event loop.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return tracker.visited - before;
}

describe("the incident pass after a check", () => {
  it("looks at the service that changed and the dependents that moved with it, not the fleet", async () => {
    const open = () => engine.alerting.tracker.openByRoot();
    failing.add("/solo");
    expect(await visitsDuring(() => engine.checkNow("solo")!)).toBe(1);
    await waitFor(() => (open().has("solo") ? true : undefined), 5_000, "an incident for solo");

    // An unchanged result feeds nothing.
    expect(await visitsDuring(() => engine.checkNow("app-7")!)).toBe(0);

    failing.add("/db");
    failing.add("/app");
    expect(await visitsDuring(() => engine.checkNow("db")!)).toBe(1);
    await waitFor(() => (open().has("db") ? true : undefined), 5_000, "an incident for db");

    // Each app failing behind db is one change: the passes together look at each once.
    const visited = await visitsDuring(() => checkAll(engine, { group: "apps" }));
    expect(visited).toBe(APPS);
    await waitFor(() => (open().get("db")?.affected.length === APPS ? true : undefined), 5_000, "db's incident to name every app");
    expect(open().get("solo")!.affected).toEqual([]);

    // db recovers: it and every app it held back move (blocked → down), so the pass looks at those.
    failing.delete("/db");
    expect(await visitsDuring(() => engine.checkNow("db")!)).toBe(APPS + 1);
    await waitFor(() => (!open().has("db") ? true : undefined), 5_000, "db's incident to close");
  });
});
