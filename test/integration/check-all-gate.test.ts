import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAllGated, RoundGate, roundGapFromEnv } from "@/lib/api/check-all-gate";
import { checkAll } from "@/lib/api/check-all";
import { ApiError } from "@/lib/api/respond";
import type { Engine } from "@/lib/runtime/engine";
import { startSettledEngine } from "@/test/fixtures/engine";

// A real engine with real http checks against a local server; the store is in memory (history is not under test).
let server: Server;
let engine: Engine;
let hits = 0;
const SERVICES = 5;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    setTimeout(() => res.end("ok"), 50);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const services = Array.from({ length: SERVICES }, (_, i) => `  - { id: s-${i}, group: g${i % 2}, check: { type: http, url: "${base}/" } }`);
  engine = await startSettledEngine(`defaults: { interval: 1h, retries: 0, timeout: 2s }\nservices:\n${services.join("\n")}\n`);
});

afterAll(async () => {
  await engine.shutdown(1_000);
  await new Promise((r) => server.close(r));
});

async function statusOf(p: Promise<unknown>): Promise<{ status: number; retryAfter?: string }> {
  try {
    await p;
    return { status: 200 };
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, retryAfter: err.headers["retry-after"] };
    throw err;
  }
}

describe("POST /api/check rounds", () => {
  it("joins 50 concurrent calls into one round, then answers 429 with Retry-After within 10 s", async () => {
    const before = hits;
    const summaries = await Promise.all(Array.from({ length: 50 }, () => checkAllGated(engine, undefined)));
    expect(hits - before).toBe(SERVICES);
    expect(new Set(summaries).size).toBe(1);
    expect(summaries[0]).toMatchObject({ checked: SERVICES, passed: SERVICES });

    const again = await statusOf(checkAllGated(engine, undefined));
    expect(again.status).toBe(429);
    expect(Number(again.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(again.retryAfter)).toBeLessThanOrEqual(10);
    // A group round is a round too: the gap holds for it.
    expect((await statusOf(checkAllGated(engine, "g0"))).status).toBe(429);
    expect(hits - before).toBe(SERVICES);
  });

  it("runs a new round once the gap has passed, and a different group waits for the running round", async () => {
    const gate = new RoundGate(300);
    const first = gate.run("g0", () => checkAll(engine, { group: "g0" }));
    expect((await statusOf(gate.run("g1", () => checkAll(engine, { group: "g1" })))).status).toBe(429);
    await first;
    expect((await statusOf(gate.run("g0", () => checkAll(engine, { group: "g0" })))).status).toBe(429);
    await new Promise((r) => setTimeout(r, 350));
    const before = hits;
    await gate.run(undefined, () => checkAll(engine, {}));
    expect(hits - before).toBe(SERVICES);
  });

  it("starts no gap for a round that checked nothing (an unknown group)", async () => {
    const gate = new RoundGate(10_000);
    expect((await statusOf(gate.run("nope", () => checkAll(engine, { group: "nope" })))).status).toBe(404);
    expect((await statusOf(gate.run("g1", () => checkAll(engine, { group: "g1" })))).status).toBe(200);
  });

  it.each([
    [{}, 10_000],
    [{ DEPWATCH_RECHECK_ALL_GAP: "0s" }, 0],
    [{ DEPWATCH_RECHECK_ALL_GAP: "30s" }, 30_000],
    [{ DEPWATCH_RECHECK_ALL_GAP: "soon" }, 10_000],
  ])("reads the gap from %j", (env, ms) => {
    expect(roundGapFromEnv(env)).toBe(ms);
  });
});
