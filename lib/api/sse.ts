import type { CheckEventView, ConfigEventView, IncidentEventView, StatusEventView } from "@/lib/api/shapes";
import { checkEventView, configEventView, statusEventView } from "@/lib/api/status-view";
import { incidentView } from "@/lib/api/incident-view";
import { batcherFor } from "@/lib/api/sse-batch";
import { sharedFrame } from "@/lib/api/sse-frame";
import type { CheckNews, ConfigNews, EventBus, IncidentNews, StatusNews } from "@/lib/runtime/events";

export { sharedFrame, sseFrame } from "@/lib/api/sse-frame";

/** The part of an event bus a stream needs; its events are framed as they come (API shapes, see liveFeed). */
export interface EventSourceBus {
  subscribe(onCheck: (e: unknown) => void, onConfig: (e: unknown) => void, onStatus?: (e: unknown) => void, onIncident?: (e: unknown) => void): () => void;
  onClose(fn: () => void): () => void;
}

/** The engine's bus of domain news, seen as a stream of API events. */
export function liveFeed(bus: EventBus<CheckNews, ConfigNews, StatusNews, IncidentNews>): EventSourceBus {
  return {
    subscribe: (onCheck: (e: CheckEventView) => void, onConfig: (e: ConfigEventView) => void, onStatus?: (e: StatusEventView) => void, onIncident?: (e: IncidentEventView) => void) =>
      bus.subscribe(
        (e) => onCheck(checkEventView(e)),
        (e) => onConfig(configEventView(e)),
        onStatus && ((e) => onStatus(statusEventView(e))),
        onIncident && ((e) => onIncident({ change: e.change, incident: incidentView(e.incident) })),
      ),
    onClose: (fn) => bus.onClose(fn),
  };
}

const feeds = new WeakMap<object, EventSourceBus>();

/** The live feed of an engine bus, one per bus, so batched streams of it share one batcher. */
export function feedFor(bus: EventBus<CheckNews, ConfigNews, StatusNews, IncidentNews>): EventSourceBus {
  let feed = feeds.get(bus);
  if (!feed) feeds.set(bus, (feed = liveFeed(bus)));
  return feed;
}

/** Options of one Server-Sent Events stream. */
export interface EventStreamOptions {
  bus: EventSourceBus;
  /** Aborted when the client goes away (the request's signal). */
  signal?: AbortSignal;
  /** Interval of `: ping` comments that keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Reconnect delay the browser is told to use (default 2 s). */
  retryMs?: number;
  /** Bytes a slow client may fall behind before it is cut off (it reconnects and refetches); default MAX_BEHIND_BYTES. */
  maxBufferedBytes?: number;
  /** Gather events for this long and send them as one chunk shared by every stream (0: each at once). */
  batchMs?: number;
  /** Called once when the stream ends, for whatever reason. */
  onEnd?: () => void;
}

/** How far (bytes queued past the stream's 64 KiB buffer) a client may fall behind before it is cut off (README "Live updates"). */
export const MAX_BEHIND_BYTES = 256 * 1024;

const encoder = new TextEncoder();
const PING = encoder.encode(": ping\n\n");

/** Response headers for an event stream; `no-transform` keeps compression from buffering it. */
export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** A comment line (ignored by EventSource; used as heartbeat). */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]/g, " ")}\n\n`;
}

/** The `retry:` field telling the browser how long to wait before reconnecting. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

/**
 * A byte stream of `check`, `status` and `config` events from the bus. It starts with a `retry:` line, pings
 * every `heartbeatMs`, and cleans up (unsubscribes, clears the timer) when the client leaves, the
 * stream is cancelled, the bus closes, or the client falls too far behind.
 */
export function createEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { bus, signal, heartbeatMs = 15_000, retryMs = 2_000, maxBufferedBytes = MAX_BEHIND_BYTES } = options;
  let end: (how: "close" | "cut" | "quiet") => void = () => undefined;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let done = false;
        let unsubscribe: () => void = () => undefined;
        let offClose: () => void = () => undefined;
        const timers: ReturnType<typeof setInterval>[] = [];
        const onAbort = () => end("close");
        end = (how) => {
          if (done) return;
          done = true;
          timers.forEach(clearInterval);
          unsubscribe();
          offClose();
          signal?.removeEventListener("abort", onAbort);
          try {
            // A cut-off client's queue is dropped at once (error discards it); close keeps it for a reader.
            if (how === "cut") controller.error(new Error("the client fell too far behind"));
            else if (how === "close") controller.close();
          } catch {
            // already closed or errored by the consumer
          }
          options.onEnd?.();
        };
        const send = (bytes: Uint8Array) => {
          if (done) return;
          // desiredSize goes negative by the bytes queued past the high-water mark.
          if ((controller.desiredSize ?? 0) < -maxBufferedBytes) return end("cut");
          try {
            controller.enqueue(bytes);
          } catch {
            end("quiet");
          }
        };

        if (signal?.aborted) return end("close");
        send(encoder.encode(sseRetry(retryMs)));
        unsubscribe = options.batchMs
          ? batcherFor(bus, options.batchMs).add(send)
          : bus.subscribe(
              (e) => send(sharedFrame("check", e)),
              (e) => send(sharedFrame("config", e)),
              (e) => send(sharedFrame("status", e)),
              (e) => send(sharedFrame("incident", e)),
            );
        timers.push(setInterval(() => send(PING), heartbeatMs));
        signal?.addEventListener("abort", onAbort, { once: true });
        offClose = bus.onClose(() => end("close"));
      },
      cancel() {
        end("quiet");
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
