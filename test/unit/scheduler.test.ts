import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onStartGrid, START_GRID_MS, startGrid } from "@/lib/scheduler/probe-core";
import { Scheduler } from "@/lib/scheduler/scheduler";
import { MemoryStore } from "@/lib/store/memory";
import { scriptedService, scriptedType, type Step } from "@/test/fixtures/scripted";

const T0 = 1_700_000_000_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

function setup(script: Record<string, Step[]>) {
  const calls: { id: string; at: number }[] = [];
  const store = new MemoryStore({ pruneIntervalMs: 0 });
  const scheduler = new Scheduler({ store, resolveType: () => scriptedType(script, calls) });
  return { calls, store, scheduler };
}

/** Each service's first start, ms after T0. */
function firstStarts(calls: { id: string; at: number }[]): number[] {
  const first = new Map<string, number>();
  for (const c of calls) if (!first.has(c.id)) first.set(c.id, c.at - T0);
  return [...first.values()];
}

/** The most starts at one instant. */
function mostPerStep(starts: number[]): number {
  const perStep = new Map<number, number>();
  for (const s of starts) perStep.set(s, (perStep.get(s) ?? 0) + 1);
  return Math.max(...perStep.values());
}

/** Stops with fake timers running, so the grace period can pass. */
async function stop(scheduler: Scheduler, graceMs = 10_000): Promise<void> {
  const done = scheduler.stop(graceMs);
  await vi.advanceTimersByTimeAsync(graceMs + 5_000);
  await done;
}

describe("Scheduler", () => {
  it("checks every service on its interval", async () => {
    const { calls, scheduler } = setup({ a: [{ outcome: "ok" }] });
    scheduler.setServices([scriptedService("a", { interval: 1_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5_500);
    expect(calls.map((c) => c.at - T0)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(scheduler.get("a")?.counters.status).toBe("up");
    await stop(scheduler);
  });

  it("spreads first checks of many services instead of firing them at once", async () => {
    const { calls, scheduler } = setup({});
    scheduler.setServices(Array.from({ length: 100 }, (_, i) => scriptedService(`s${i}`, { interval: 10_000 })));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(9_999);
    const starts = calls.map((c) => c.at - T0);
    expect(starts).toHaveLength(100);
    expect(Math.max(...starts)).toBeLessThan(10_000);
    // Starts share the steps of the start grid (one wake-up each), ten to a step at most, over ten steps.
    expect(starts.filter((s) => s % START_GRID_MS !== 0)).toEqual([]);
    expect(mostPerStep(starts)).toBeLessThanOrEqual(10);
    expect(new Set(starts).size).toBeGreaterThanOrEqual(10);
    await stop(scheduler);
  });

  it.each([
    { interval: 10_000, at: 1_234, up: 1_300, down: 1_200 },
    { interval: 150, at: 1_234, up: 1_250, down: 1_200 },
    { interval: 1_234, at: 1_235, up: 1_236, down: 1_234 },
    { interval: 1_009, at: 1_235, up: 1_235, down: 1_235 },
  ])("puts starts of a $interval ms interval on the grid its interval allows ($at → $up / $down)", ({ interval, at, up, down }) => {
    expect(onStartGrid(at, interval)).toBe(up);
    expect(onStartGrid(at, interval, START_GRID_MS, true)).toBe(down);
  });

  it.each([
    { rate: 0, grid: 100 },
    { rate: 100, grid: 100 },
    { rate: 101, grid: 50 },
    { rate: 400, grid: 25 },
    { rate: 1_000, grid: 10 },
    { rate: 20_000, grid: 1 },
  ])("starts at most ten a step: $rate checks/s → a $grid ms grid", ({ rate, grid }) => {
    expect(startGrid(rate)).toBe(grid);
  });

  it("puts services spread over less than a step, started between steps, on one step", async () => {
    const { calls, scheduler } = setup({});
    await vi.advanceTimersByTimeAsync(50);
    scheduler.setServices(Array.from({ length: 10 }, (_, i) => scriptedService(`s${i}`, { interval: 1_000 })));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect([...new Set(firstStarts(calls))]).toEqual([100]);
    await stop(scheduler);
  });

  it("uses a finer grid when more checks a second would crowd a step", async () => {
    const { calls, scheduler } = setup({});
    // 1,000 services at 1 s: 1,000 checks/s, a 10 ms grid.
    scheduler.setServices(Array.from({ length: 1_000 }, (_, i) => scriptedService(`s${i}`, { interval: 1_000 })));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    const starts = firstStarts(calls);
    expect(starts).toHaveLength(1_000);
    expect(starts.filter((s) => s % 10 !== 0)).toEqual([]);
    expect(mostPerStep(starts)).toBeLessThanOrEqual(10);
    await stop(scheduler);
  });

  it.each([
    // Twenty services over 200 ms: two steps of ten, a and b in the first.
    { interval: 1_000, starts: [0, 0, 1_000, 1_000, 2_000, 2_000] },
    // Prime to the grid: exact cadence, each service from its own spread slot.
    { interval: 1_009, starts: [0, 10, 1_009, 1_019, 2_018, 2_028] },
  ])("keeps the cadence of a $interval ms interval", async ({ interval, starts }) => {
    const { calls, scheduler } = setup({});
    // Twenty services spread over 200 ms (where a and b start: in each case).
    scheduler.setServices(["a", "b", ...Array.from({ length: 18 }, (_, i) => `x${i}`)].map((id) => scriptedService(id, { interval })));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(calls.filter((c) => c.id === "a" || c.id === "b").map((c) => c.at - T0)).toEqual(starts);
    await stop(scheduler);
  });

  it("never overlaps checks of one service: due ticks while one runs are skipped", async () => {
    const { calls, scheduler } = setup({ slow: [{ outcome: "ok", delayMs: 2_500 }] });
    scheduler.setServices([scriptedService("slow", { interval: 1_000, timeout: 5_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(6_100);
    expect(calls.map((c) => c.at - T0)).toEqual([0, 3_000, 6_000]);
    await stop(scheduler);
  });

  it("keeps checking a healthy service on time while another hangs", async () => {
    const { calls, scheduler } = setup({ hung: ["hang"], ok: [{ outcome: "ok", delayMs: 5 }] });
    scheduler.setServices([scriptedService("hung", { interval: 1_000, timeout: 2_000, retries: 2 }), scriptedService("ok", { interval: 1_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    const okStarts = calls.filter((c) => c.id === "ok").map((c) => c.at - T0);
    expect(okStarts).toEqual(okStarts.map((_, i) => okStarts[0]! + i * 1_000));
    expect(okStarts.length).toBeGreaterThanOrEqual(9);
    expect(scheduler.get("hung")?.lastCheck?.attempts.map((a) => a.outcome)).toEqual(["timeout", "timeout", "timeout"]);
    await stop(scheduler, 0);
  });

  it("reaches down after failureThreshold failed checks and records every attempt", async () => {
    const { scheduler, store } = setup({ db: [{ outcome: "refused" }] });
    scheduler.setServices([scriptedService("db", { interval: 5_000, retries: 1, failureThreshold: 2 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(scheduler.get("db")?.counters.status).toBe("starting");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(scheduler.get("db")?.counters.status).toBe("down");
    const page = await store.listChecks("db", { limit: 10 });
    expect(page.checks).toHaveLength(2);
    expect(page.checks[0]?.attempts.map((a) => [a.outcome, a.backoffMs])).toEqual([["refused", 200], ["refused", undefined]]);
    await stop(scheduler);
  });

  it("joins a check in flight instead of starting a second one", async () => {
    const { calls, scheduler } = setup({ a: [{ outcome: "ok", delayMs: 500 }] });
    scheduler.setServices([scriptedService("a", { interval: 60_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10);
    const joined = Array.from({ length: 10 }, () => scheduler.checkNow("a"));
    await vi.advanceTimersByTimeAsync(600);
    const ids = new Set((await Promise.all(joined)).map((c) => c?.id));
    expect(ids.size).toBe(1);
    expect(calls).toHaveLength(1);
    const manual = scheduler.checkNow("a");
    await vi.advanceTimersByTimeAsync(600);
    expect((await manual)?.trigger).toBe("manual");
    await stop(scheduler);
  });

  it("keeps the state of unchanged services when the service list changes", async () => {
    const { scheduler } = setup({ a: [{ outcome: "ok" }], b: [{ outcome: "ok" }] });
    const a = scriptedService("a", { interval: 1_000 });
    scheduler.setServices([a, scriptedService("b", { interval: 1_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_500);
    const before = scheduler.get("a");
    scheduler.setServices([a, scriptedService("c", { interval: 1_000 })]);
    expect(scheduler.get("a")).toBe(before);
    expect(scheduler.get("b")).toBeUndefined();
    expect(scheduler.get("c")?.counters.status).toBe("pending");
    await stop(scheduler);
  });

  it("stores a check that finishes after its service changed, without counting it for the new version", async () => {
    const { store, scheduler } = setup({ a: [{ outcome: "ok", delayMs: 500 }] });
    scheduler.setServices([scriptedService("a", { interval: 10_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    const old = scheduler.get("a")!.inFlight!;
    scheduler.setServices([scriptedService("a", { interval: 20_000 })]);
    await vi.advanceTimersByTimeAsync(450);
    // The old version's check is kept in the history and answers its callers...
    expect((await old).passed).toBe(true);
    expect((await store.listChecks("a", { limit: 10 })).checks).toHaveLength(1);
    // ...but the new version starts from its own checks only.
    expect(scheduler.get("a")?.counters.passStreak).toBe(0);
    expect(scheduler.get("a")?.lastCheck).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(scheduler.get("a")?.counters.passStreak).toBe(1);
    await stop(scheduler);
  });

  it("stop() lets a check in flight finish within the grace and starts no new ones", async () => {
    const { calls, scheduler } = setup({ a: [{ outcome: "ok", delayMs: 300 }] });
    scheduler.setServices([scriptedService("a", { interval: 1_000 })]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100);
    const stopping = scheduler.stop(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await stopping;
    expect(scheduler.get("a")?.lastCheck?.passed).toBe(true);
    expect(calls).toHaveLength(1);
  });
});
