import type { EventSourceBus } from "@/lib/api/sse";
import { sharedFrame } from "@/lib/api/sse-frame";

/** How long live events are gathered before they go out together (README "Live updates"). */
export const LIVE_BATCH_MS = 50;

/**
 * Gathers the frames a bus emits during `windowMs` into one chunk, built once, and hands that same
 * chunk to every open stream: with hundreds of pages open, each gets one write per window instead
 * of one per check. Subscribes to the bus only while some stream listens.
 */
export class FrameBatcher {
  private pending: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly sinks = new Set<(chunk: Uint8Array) => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly bus: EventSourceBus, private readonly windowMs: number) {}

  /** Adds a stream's sink; returns the function that removes it. */
  add(sink: (chunk: Uint8Array) => void): () => void {
    this.sinks.add(sink);
    this.unsubscribe ??= this.bus.subscribe(
      (e) => this.push(sharedFrame("check", e)),
      (e) => this.push(sharedFrame("config", e)),
      (e) => this.push(sharedFrame("status", e)),
      (e) => this.push(sharedFrame("incident", e)),
    );
    return () => {
      this.sinks.delete(sink);
      if (this.sinks.size > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.pending = [];
    };
  }

  private push(frame: Uint8Array): void {
    this.pending.push(frame);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  private flush(): void {
    this.timer = undefined;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    for (const sink of this.sinks) sink(chunk);
  }
}

const batchers = new WeakMap<EventSourceBus, FrameBatcher>();

/** The batcher of `bus` (one per bus, so every stream of it shares the chunks). */
export function batcherFor(bus: EventSourceBus, windowMs = LIVE_BATCH_MS): FrameBatcher {
  let b = batchers.get(bus);
  if (!b) batchers.set(bus, (b = new FrameBatcher(bus, windowMs)));
  return b;
}
