import type { CheckEventView, ConfigEventView, IncidentEventView, StatusEventView } from "@/lib/api/shapes";
import { checkEventView, configEventView, statusEventView } from "@/lib/api/status-view";
import { incidentView } from "@/lib/api/incident-view";
import type { CheckNews, ConfigNews, EventBus, IncidentNews, StatusNews } from "@/lib/runtime/events";

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

/** Options of one Server-Sent Events stream. */
export interface EventStreamOptions {
  bus: EventSourceBus;
  /** Aborted when the client goes away (the request's signal). */
  signal?: AbortSignal;
  /** Interval of `: ping` comments that keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Reconnect delay the browser is told to use (default 2 s). */
  retryMs?: number;
  /** Bytes a slow client may fall behind before it is dropped (it reconnects and refetches). */
  maxBufferedBytes?: number;
  /** Called once when the stream ends, for whatever reason. */
  onEnd?: () => void;
}

/** Response headers for an event stream; `no-transform` keeps compression from buffering it. */
export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** Frames one event: `event:` line, one `data:` line per line of the JSON, blank line. */
export function sseFrame(event: string, data: unknown): string {
  const lines = JSON.stringify(data).split(/\r\n|\r|\n/);
  return `event: ${event.replace(/[\r\n]/g, "")}\n${lines.map((l) => `data: ${l}`).join("\n")}\n\n`;
}

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
  const { bus, signal, heartbeatMs = 15_000, retryMs = 2_000, maxBufferedBytes = 1 << 20 } = options;
  const encoder = new TextEncoder();
  let end: (close: boolean) => void = () => undefined;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let done = false;
        let unsubscribe: () => void = () => undefined;
        let offClose: () => void = () => undefined;
        const timers: ReturnType<typeof setInterval>[] = [];
        const onAbort = () => end(true);
        end = (close) => {
          if (done) return;
          done = true;
          timers.forEach(clearInterval);
          unsubscribe();
          offClose();
          signal?.removeEventListener("abort", onAbort);
          if (close) {
            try {
              controller.close();
            } catch {
              // already closed or errored by the consumer
            }
          }
          options.onEnd?.();
        };
        const send = (text: string) => {
          if (done) return;
          // desiredSize goes negative by the bytes queued past the high-water mark.
          if ((controller.desiredSize ?? 0) < -maxBufferedBytes) return end(true);
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            end(false);
          }
        };

        if (signal?.aborted) return end(true);
        send(sseRetry(retryMs));
        unsubscribe = bus.subscribe(
          (e) => send(sseFrame("check", e)),
          (e) => send(sseFrame("config", e)),
          (e) => send(sseFrame("status", e)),
          (e) => send(sseFrame("incident", e)),
        );
        timers.push(setInterval(() => send(sseComment("ping")), heartbeatMs));
        signal?.addEventListener("abort", onAbort, { once: true });
        offClose = bus.onClose(() => end(true));
      },
      cancel() {
        end(false);
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
