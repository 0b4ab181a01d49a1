import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEventStream, sharedFrame, sseFrame } from "@/lib/api/sse";
import type { CheckEventView as CheckEvent } from "@/lib/api/shapes";
import { EventBus } from "@/lib/runtime/events";

const check: CheckEvent = {
  id: "api",
  status: "up",
  check: { id: 1, startedAt: "2025-01-01T00:00:00.000Z", durationMs: 2, trigger: "schedule", passed: true, attempts: 1, outcome: "ok", message: "x".repeat(500) },
};

describe("event frames", () => {
  it("are serialised once per event and shared by every stream", async () => {
    const bus = new EventBus();
    const readers = Array.from({ length: 3 }, () => createEventStream({ bus }).getReader());
    for (const r of readers) await r.read();
    bus.emitCheck(check);
    const chunks = await Promise.all(readers.map(async (r) => (await r.read()).value));
    expect(new TextDecoder().decode(chunks[0])).toBe(sseFrame("check", check));
    expect(chunks[1]).toBe(chunks[0]);
    expect(chunks[2]).toBe(chunks[0]);
    expect(sharedFrame("check", check)).toBe(chunks[0]);
    await Promise.all(readers.map((r) => r.cancel()));
  });

  it("a client cut off for falling behind loses its queue at once", async () => {
    const bus = new EventBus();
    const reader = createEventStream({ bus, maxBufferedBytes: 2_000 }).getReader();
    for (let i = 0; i < 400 && bus.listeners > 0; i++) bus.emitCheck({ ...check, check: { ...check.check, id: i } });
    expect(bus.listeners).toBe(0);
    // Errored, not closed: the queued frames are dropped rather than kept for a reader that may never come.
    await expect(reader.read()).rejects.toThrow("fell too far behind");
  });
});

describe("batched streams", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("send the events of one window as one chunk, the same for every stream, from one bus listener", async () => {
    const bus = new EventBus();
    const readers = Array.from({ length: 3 }, () => createEventStream({ bus, batchMs: 50 }).getReader());
    for (const r of readers) await r.read();
    expect(bus.listeners).toBe(1);
    const events = Array.from({ length: 5 }, (_, i) => ({ ...check, check: { ...check.check, id: i } }));
    events.forEach((e) => bus.emitCheck(e));
    vi.advanceTimersByTime(50);
    const chunks = await Promise.all(readers.map(async (r) => (await r.read()).value));
    expect(new TextDecoder().decode(chunks[0])).toBe(events.map((e) => sseFrame("check", e)).join(""));
    expect(chunks[1]).toBe(chunks[0]);
    await Promise.all(readers.map((r) => r.cancel()));
    expect(bus.listeners).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
