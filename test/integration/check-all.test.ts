import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/respond";
import { checkAll } from "@/lib/api/check-all";
import { parseConfig } from "@/lib/config/load";
import { createLogger } from "@/lib/log";
import { Engine } from "@/lib/runtime/engine";
import { MemoryStore } from "@/lib/store/memory";

// A real engine (real scheduler, real http checks) against a real local server; only the store is
// in memory because the history is not what is under test here.
let server: Server;
let engine: Engine;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    res.statusCode = req.url === "/ok" ? 200 : 500;
    res.end(req.url === "/ok" ? "ok" : "broken");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const yaml = `
defaults: { interval: 1h, retries: 0, failureThreshold: 1, timeout: 2s }
services:
${["a", "b", "c"].map((id) => `  - { id: ok-${id}, group: web, check: { type: http, url: "${base}/ok" } }`).join("\n")}
  - { id: bad-1, group: data, check: { type: http, url: "${base}/fail" } }
  - { id: bad-2, group: data, check: { type: http, url: "${base}/fail" } }
  - { id: loner, check: { type: http, url: "${base}/ok" } }
`;
  const parsed = parseConfig(yaml, {});
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  engine = new Engine({ config: parsed.config, store: new MemoryStore({ pruneIntervalMs: 0 }), log: createLogger({ write: () => undefined }), source: "test" });
  await engine.start();
  // Let the first scheduled round finish so the counts below are ours alone (the next is in an hour).
  const deadline = Date.now() + 10_000;
  while (!engine.scheduler.all().every((e) => e.lastCheck && !e.inFlight) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
});

afterAll(async () => {
  await engine.shutdown(1_000);
  await new Promise((r) => server.close(r));
});

describe("checkAll", () => {
  it.each([
    [undefined, { checked: 6, passed: 4, failed: 2, byStatus: { up: 4, down: 2 } }],
    ["web", { checked: 3, passed: 3, failed: 0, byStatus: { up: 3 } }],
    ["data", { checked: 2, passed: 0, failed: 2, byStatus: { down: 2 } }],
  ])("group %s → summary", async (group, expected) => {
    const before = hits;
    const progress: number[] = [];
    const summary = await checkAll(engine, { group, onProgress: (done) => progress.push(done) });
    expect(summary).toMatchObject(expected);
    expect(summary.group).toBe(group);
    expect(summary.durationMs).toBeGreaterThanOrEqual(0);
    expect(progress).toEqual(Array.from({ length: expected.checked }, (_, i) => i + 1));
    // Each service was really probed (no retries configured): one request each.
    expect(hits - before).toBe(expected.checked);
  });

  it("keeps at most `concurrency` checks in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const fake = {
      config: engine.config,
      graphStatuses: () => engine.graphStatuses(),
      checkNow: (id: string) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        return new Promise((r) => setTimeout(r, 5)).then(() => {
          inFlight--;
          return { passed: id.startsWith("ok"), id: 0, serviceId: id, startedAt: 0, durationMs: 0, trigger: "manual" as const, attempts: [] };
        });
      },
    } as unknown as Parameters<typeof checkAll>[0];
    const summary = await checkAll(fake, { concurrency: 2 });
    expect(summary.checked).toBe(6);
    expect(peak).toBe(2);
  });

  it("answers 404 for a group nobody is in", async () => {
    const err = await checkAll(engine, { group: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
  });
});
