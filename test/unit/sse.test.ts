import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEventStream, sseComment, sseFrame, sseRetry } from "@/lib/api/sse";
import type { CheckEventView as CheckEvent } from "@/lib/api/shapes";
import { EventBus } from "@/lib/runtime/events";

const check: CheckEvent = {
  id: "api",
  status: "down",
  check: { id: 7, startedAt: "2025-01-01T00:00:00.000Z", durationMs: 12, trigger: "schedule", passed: false, attempts: 3, outcome: "refused", message: "connect ECONNREFUSED" },
};

const decoder = new TextDecoder();

/** Reads whatever the stream has queued right now (enqueue is synchronous, so one read per chunk). */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string | null> {
  const r = await reader.read();
  return r.done ? null : decoder.decode(r.value);
}

describe("SSE framing", () => {
  it.each([
    ["check", { a: 1 }, 'event: check\ndata: {"a":1}\n\n'],
    ["config", { ok: false, error: "line1\nline2" }, 'event: config\ndata: {"ok":false,"error":"line1\\nline2"}\n\n'],
    ["x\ny", "s", 'event: xy\ndata: "s"\n\n'],
  ])("frames %s", (event, data, expected) => {
    expect(sseFrame(event, data)).toBe(expected);
  });

  it.each([
    [sseComment("ping"), ": ping\n\n"],
    [sseComment("a\nb"), ": a b\n\n"],
    [sseRetry(2000), "retry: 2000\n\n"],
    [sseRetry(-5), "retry: 0\n\n"],
  ])("formats %j", (got, expected) => {
    expect(got).toBe(expected);
  });
});

describe("event stream", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("starts with retry, forwards check and config events", async () => {
    const bus = new EventBus();
    const reader = createEventStream({ bus, retryMs: 1500 }).getReader();
    expect(await readChunk(reader)).toBe("retry: 1500\n\n");
    bus.emitCheck(check);
    expect(await readChunk(reader)).toBe(sseFrame("check", check));
    bus.emitConfig({ ok: true, at: "2025-01-01T00:00:00.000Z" });
    expect(await readChunk(reader)).toBe('event: config\ndata: {"ok":true,"at":"2025-01-01T00:00:00.000Z"}\n\n');
    await reader.cancel();
  });

  it("sends a ping comment every heartbeat interval", async () => {
    const bus = new EventBus();
    const reader = createEventStream({ bus, heartbeatMs: 15_000 }).getReader();
    await readChunk(reader);
    vi.advanceTimersByTime(14_999);
    bus.emitCheck(check);
    // The first thing queued is the event: no ping before 15 s.
    expect(await readChunk(reader)).toMatch(/^event: check/);
    vi.advanceTimersByTime(1);
    expect(await readChunk(reader)).toBe(": ping\n\n");
    vi.advanceTimersByTime(15_000);
    expect(await readChunk(reader)).toBe(": ping\n\n");
    await reader.cancel();
  });

  const endings: [string, (ctx: { abort: AbortController; reader: ReadableStreamDefaultReader<Uint8Array>; bus: EventBus }) => Promise<unknown> | void][] = [
    ["the client disconnects (request signal aborts)", ({ abort }) => abort.abort()],
    ["the consumer cancels the stream", ({ reader }) => reader.cancel()],
    ["the bus closes (shutdown)", ({ bus }) => bus.close()],
  ];

  it.each(endings)("cleans up when %s", async (_name, finish) => {
    const bus = new EventBus();
    const abort = new AbortController();
    const onEnd = vi.fn();
    const reader = createEventStream({ bus, signal: abort.signal, onEnd }).getReader();
    await readChunk(reader);
    expect(bus.listeners).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    await finish({ abort, reader, bus });
    expect(bus.listeners).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(onEnd).toHaveBeenCalledTimes(1);
    // Later events and ticks go nowhere and do not throw.
    bus.emitCheck(check);
    vi.advanceTimersByTime(60_000);
  });

  it("ends the stream for readers when the bus closes, and at once for streams opened after", async () => {
    const bus = new EventBus();
    const reader = createEventStream({ bus }).getReader();
    await readChunk(reader);
    bus.close();
    expect(await readChunk(reader)).toBeNull();
    const late = createEventStream({ bus }).getReader();
    expect(await readChunk(late)).toBe("retry: 2000\n\n");
    expect(await readChunk(late)).toBeNull();
    expect(bus.listeners).toBe(0);
  });

  it("does not subscribe when the request is already aborted", async () => {
    const bus = new EventBus();
    const abort = new AbortController();
    abort.abort();
    const reader = createEventStream({ bus, signal: abort.signal }).getReader();
    expect(await readChunk(reader)).toBeNull();
    expect(bus.listeners).toBe(0);
  });

  it("drops a client that falls too far behind", async () => {
    const bus = new EventBus();
    const onEnd = vi.fn();
    createEventStream({ bus, maxBufferedBytes: 1_000, onEnd });
    // Nobody reads: the queue grows past 64 KiB + 1,000 bytes and the stream gives up.
    for (let i = 0; i < 400 && bus.listeners > 0; i++) bus.emitCheck({ ...check, check: { ...check.check, message: "x".repeat(500) } });
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(bus.listeners).toBe(0);
  });
});
