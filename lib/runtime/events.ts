import { EventEmitter } from "node:events";
import type { ConfigIssue } from "@/lib/config/load";
import type { CheckRecord, Status } from "@/lib/model";

/** A finished check and the service's graph-applied status after it. */
export interface CheckNews {
  id: string;
  status: Status;
  check: CheckRecord;
}

/** A config reload, or a rejected one with its issues; `at` is epoch ms. */
export interface ConfigNews {
  ok: boolean;
  issues?: readonly ConfigIssue[];
  at: number;
}

/**
 * Typed wrapper around an EventEmitter for `check` and `config` events. The engine's bus carries
 * domain news; lib/api turns it into the API's event shapes (ARCHITECTURE.md, "Layers").
 */
export class EventBus<CheckEvent = unknown, ConfigEvent = unknown> {
  private readonly emitter = new EventEmitter();
  private isClosed = false;

  constructor() {
    // Every open SSE stream is a listener; a thousand viewers is not a leak.
    this.emitter.setMaxListeners(0);
  }

  emitCheck(e: CheckEvent): void {
    this.emitter.emit("check", e);
  }

  emitConfig(e: ConfigEvent): void {
    this.emitter.emit("config", e);
  }

  /** Subscribes to both kinds; returns the unsubscribe function. */
  subscribe(onCheck: (e: CheckEvent) => void, onConfig: (e: ConfigEvent) => void): () => void {
    this.emitter.on("check", onCheck);
    this.emitter.on("config", onConfig);
    return () => {
      this.emitter.off("check", onCheck);
      this.emitter.off("config", onConfig);
    };
  }

  /** Tells every open stream to end (the engine is shutting down); later subscribers hear it at once. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.emitter.emit("close");
  }

  /** Calls `fn` once when the bus closes (at once if it already has); returns the unsubscribe function. */
  onClose(fn: () => void): () => void {
    if (this.isClosed) {
      fn();
      return () => undefined;
    }
    this.emitter.once("close", fn);
    return () => void this.emitter.off("close", fn);
  }

  /** Whether close() has been called: no more events will come. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** How many live subscribers there are. */
  get listeners(): number {
    return this.emitter.listenerCount("check");
  }
}
