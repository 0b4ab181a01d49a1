import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckRecord } from "@/lib/model";
import { Scheduler } from "@/lib/scheduler/scheduler";
import { MemoryStore } from "@/lib/store/memory";
import { scriptedService, scriptedType } from "@/test/fixtures/scripted";

const T0 = 1_700_000_000_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

function setup() {
  const calls: { id: string; at: number }[] = [];
  const scheduler = new Scheduler({ store: new MemoryStore({ pruneIntervalMs: 0 }), resolveType: () => scriptedType({}, calls) });
  scheduler.setServices(["a", "b", "c"].map((id) => scriptedService(id, { interval: 1_000 })));
  return { calls, scheduler };
}

async function stop(scheduler: Scheduler): Promise<void> {
  const done = scheduler.stop(1_000);
  await vi.advanceTimersByTimeAsync(2_000);
  await done;
}

const at = (calls: { id: string; at: number }[], id: string) => calls.filter((c) => c.id === id).map((c) => c.at - T0);

describe("Scheduler with ownership (several instances)", () => {
  it("schedules only the owned services, stops a service given up and starts a gained one at its due time", async () => {
    const { calls, scheduler } = setup();
    scheduler.setOwned(new Set(["a"]));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(at(calls, "a")).toEqual([0, 1_000, 2_000]);
    expect(at(calls, "b")).toEqual([]);
    expect(scheduler.dueOf("a")).toBe(T0 + 3_000);
    expect(scheduler.dueOf("b")).toBeUndefined();
    scheduler.setOwned(new Set(["b"]), new Map([["b", T0 + 2_700]]));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(at(calls, "a")).toEqual([0, 1_000, 2_000]);
    expect(at(calls, "b")).toEqual([2_700, 3_700]);
    expect(at(calls, "c")).toEqual([]);
    await stop(scheduler);
  });

  it("takes in newer checks from another instance and ignores stale ones", () => {
    const { scheduler } = setup();
    const check = (id: number): CheckRecord => ({ id, serviceId: "b", startedAt: T0, durationMs: 3, trigger: "schedule", passed: false, attempts: [] });
    const down = { status: "down" as const, passStreak: 0, cleanStreak: 0, failStreak: 3, since: T0 };
    expect(scheduler.observe(check(10), down)?.previous.status).toBe("pending");
    expect(scheduler.get("b")?.counters).toEqual(down);
    expect(scheduler.observe(check(9), { ...down, status: "up" })).toBeUndefined();
    expect(scheduler.get("b")?.lastCheck?.id).toBe(10);
  });

  it("sends a check-now of a service it does not own to the owner, joining it while it runs", async () => {
    const { calls, scheduler } = setup();
    scheduler.setOwned(new Set(["a"]));
    const remote: string[] = [];
    let answer!: (c: CheckRecord) => void;
    scheduler.remoteCheck = (id) => {
      remote.push(id);
      return new Promise<CheckRecord>((resolve) => (answer = resolve));
    };
    const first = scheduler.checkNow("b")!;
    const second = scheduler.checkNow("b")!;
    expect(second).toBe(first);
    answer({ id: 1, serviceId: "b", startedAt: T0, durationMs: 1, trigger: "manual", passed: true, attempts: [] });
    expect((await first).id).toBe(1);
    expect(remote).toEqual(["b"]);
    expect(at(calls, "b")).toEqual([]);
    // An owned service runs here.
    const local = scheduler.checkNow("a")!;
    await vi.advanceTimersByTimeAsync(10);
    await local;
    expect(at(calls, "a")).toEqual([0]);
  });
});
