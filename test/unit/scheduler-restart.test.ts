import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckRecord } from "@/lib/model";
import { START_GRID_MS } from "@/lib/scheduler/probe-core";
import { Scheduler } from "@/lib/scheduler/scheduler";
import { initialCounters } from "@/lib/scheduler/status";
import { MemoryStore } from "@/lib/store/memory";
import { scriptedService, scriptedType } from "@/test/fixtures/scripted";

const T0 = 1_700_000_000_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

/** A stored last check of `id` that started `agoMs` before T0. */
function lastCheck(id: string, agoMs: number): CheckRecord {
  const at = T0 - agoMs;
  return { id: 1, serviceId: id, startedAt: at, durationMs: 5, trigger: "schedule", passed: true, attempts: [{ n: 1, startedAt: at, durationMs: 5, outcome: "ok" }] };
}

async function firstChecks(services: { id: string; agoMs?: number }[], intervalMs: number, runMs: number) {
  const calls: { id: string; at: number }[] = [];
  const scheduler = new Scheduler({ store: new MemoryStore({ pruneIntervalMs: 0 }), resolveType: () => scriptedType({}, calls) });
  const restored = new Map(services.flatMap((s) => (s.agoMs === undefined ? [] : [[s.id, { counters: initialCounters(T0), lastCheck: lastCheck(s.id, s.agoMs) }] as const])));
  scheduler.setServices(services.map((s) => scriptedService(s.id, { interval: intervalMs })), new Map(restored));
  scheduler.start();
  await vi.advanceTimersByTimeAsync(runMs);
  const stopped = scheduler.stop(1_000);
  await vi.advanceTimersByTimeAsync(2_000);
  await stopped;
  const first = new Map<string, number>();
  for (const c of calls) if (!first.has(c.id)) first.set(c.id, c.at - T0);
  return first;
}

describe("Scheduler after a restart", () => {
  it.each([
    { case: "last check 3 s ago keeps its cadence", agoMs: 3_000, due: 7_000 },
    { case: "last check just now waits a full interval", agoMs: 0, due: 10_000 },
    // Due 10 ms from now: down onto the start grid, which is now.
    { case: "last check 9.99 s ago is due at once", agoMs: 9_990, due: 0 },
    // Due 50 ms from now, which is off the grid: down to the step before it, now.
    { case: "last check 9.95 s ago is due at once", agoMs: 9_950, due: 0 },
    // Due 150 ms from now: down to the step at 100 ms, never later than an interval after it.
    { case: "last check 9.85 s ago is due on the grid step before", agoMs: 9_850, due: 100 },
  ])("$case", async ({ agoMs, due }) => {
    const first = await firstChecks([{ id: "a", agoMs }], 10_000, 10_500);
    expect(first.get("a")).toBe(due);
  });

  it("spreads overdue and new services, and keeps every restored one within an interval", async () => {
    // 100 services whose last checks were spread over the previous interval, a 2 s outage, 2 new ones.
    const services = [
      ...Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, agoMs: 2_000 + i * 100 })),
      { id: "new-a" },
      { id: "new-b" },
    ];
    const first = await firstChecks(services, 10_000, 10_000);
    expect(first.size).toBe(102);
    for (let i = 0; i < 100; i++) {
      const expected = 8_000 - i * 100;
      // Overdue ones (last check over an interval ago) join the new ones' evenly spaced slots.
      if (expected >= 0) expect(first.get(`s${i}`)).toBe(expected);
      else expect(first.get(`s${i}`)).toBeLessThan(1_000);
    }
    const starts = [...first.values()];
    expect(Math.max(...starts)).toBeLessThan(10_000);
    expect(starts.filter((s) => s % START_GRID_MS !== 0)).toEqual([]);
    const perStep = new Map<number, number>();
    for (const s of starts) perStep.set(s, (perStep.get(s) ?? 0) + 1);
    // The 21 spread ones over two steps (10 ms each: 210 ms), and one restored with them.
    expect(Math.max(...perStep.values())).toBeLessThanOrEqual(12);
  });
});
