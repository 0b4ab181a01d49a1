import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceFragments, statusParts } from "@/lib/api/status-body";
import { statusView } from "@/lib/api/status-view";
import type { Engine } from "@/lib/runtime/engine";
import { startSettledEngine } from "@/test/fixtures/engine";

// A real engine on real TCP targets: one listening (up), one port nobody listens on (down) with
// failing services that depend on a failing root, so a check of the root moves theirs too.
let up: Server;
let engine: Engine;
let downPort = 0;

beforeAll(async () => {
  up = createServer((s) => s.destroy()).listen(0, "127.0.0.1");
  await new Promise((r) => up.once("listening", r));
  const spare = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => spare.once("listening", r));
  downPort = (spare.address() as AddressInfo).port;
  await new Promise((r) => spare.close(r));
  const port = (up.address() as AddressInfo).port;
  const services = [
    ...Array.from({ length: 100 }, (_, i) => `  - { id: up-${i}, check: { type: tcp, url: "tcp://127.0.0.1:${port}" }, interval: 1h }`),
    `  - { id: db, check: { type: tcp, url: "tcp://127.0.0.1:${downPort}" }, interval: 1h, failureThreshold: 1 }`,
    ...Array.from({ length: 5 }, (_, i) => `  - { id: app-${i}, dependsOn: [db], check: { type: tcp, url: "tcp://127.0.0.1:${downPort}" }, interval: 1h, failureThreshold: 1 }`),
  ];
  engine = await startSettledEngine(`services:\n${services.join("\n")}\n`);
});

afterAll(async () => {
  await engine?.shutdown(100);
  up?.close();
});

/** The body built from kept fragments, as text. */
const statusText = (source: Engine, fragments: ServiceFragments, now: number) => Buffer.concat(statusParts(source, fragments, now)).toString();

/** The body as the route used to build it: every service serialised anew. */
const whole = (now: number) => {
  const view = statusView(engine);
  return JSON.stringify({ ...view, generatedAt: new Date(now).toISOString() });
};

describe("the /api/status body from kept service fragments", () => {
  it("is the same text as serialising every service, and serialises only what moved", async () => {
    // Every fragment is rebuilt when a minute leaves the last-hour window: not during this test.
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 10));
    const fragments = new ServiceFragments();
    const now = Date.now();
    expect(statusText(engine, fragments, now)).toBe(whole(now));
    // 106 services: three segments of at most 50.
    expect([fragments.built, fragments.encoded]).toEqual([106, 3]);

    // Nothing moved: nothing is serialised or encoded again.
    expect(statusText(engine, fragments, now + 10)).toBe(whole(now + 10));
    expect([fragments.built, fragments.encoded]).toEqual([106, 3]);

    // One check of an up service: that service alone, and its segment.
    await engine.checkNow("up-3");
    const t1 = Date.now();
    expect(statusText(engine, fragments, t1)).toBe(whole(t1));
    expect([fragments.built, fragments.encoded]).toEqual([107, 4]);

    // The root goes up: it and the dependents whose shown status moves.
    const before = JSON.parse(statusText(engine, fragments, t1)) as { services: { id: string; status: string }[] };
    expect(before.services.find((s) => s.id === "app-0")?.status).toBe("blocked");
    const tmp = createServer((s) => s.destroy()).listen(downPort, "127.0.0.1");
    await new Promise((r) => tmp.once("listening", r));
    try {
      await engine.checkNow("db");
      const t2 = Date.now();
      const text = statusText(engine, fragments, t2);
      expect(text).toBe(whole(t2));
      // db and its five dependents, all in the last segment.
      expect([fragments.built, fragments.encoded]).toEqual([107 + 1 + 5, 5]);
      const after = JSON.parse(text) as { services: { id: string; status: string }[] };
      expect(after.services.find((s) => s.id === "db")?.status).toBe("up");
      expect(after.services.find((s) => s.id === "app-0")?.status).not.toBe("blocked");
    } finally {
      tmp.close();
    }
  });

  it("drops the services a new config removes", () => {
    const fragments = new ServiceFragments();
    const now = Date.now();
    statusText(engine, fragments, now);
    const fewer = { ...engine.config, services: engine.config.services.slice(0, 3) };
    const view = { ...engine, config: fewer, graphStatuses: () => engine.graphStatuses(), uptime24h: (n?: number) => engine.uptime24h(n), runtime: (id: string) => engine.runtime(id), targetOf: engine.targetOf.bind(engine), recentCounts: engine.recentCounts.bind(engine), order: () => [], storageHealth: () => undefined, scrub: engine.scrub, peers: undefined, configIssues: [] } as unknown as Engine;
    const parsed = JSON.parse(statusText(view, fragments, now)) as { services: { id: string }[] };
    expect(parsed.services.map((s) => s.id)).toEqual(["up-0", "up-1", "up-2"]);
    expect(statusText(engine, fragments, now)).toBe(whole(now));
  });
});
