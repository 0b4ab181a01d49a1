import { EventEmitter } from "node:events";
import type { CheckEventView, ConfigEventView, IncidentEventView, StatusEventView } from "@/lib/api/shapes";
import type { CheckRecord } from "@/lib/model";
import { lastCheckView } from "@/lib/runtime/view";

/** A finished check, as pushed to live clients. */
export type CheckEvent = CheckEventView;

/** The services whose graph-applied status changed with one check. */
export type StatusEvent = StatusEventView;

/** A config reload (or a rejected one). */
export type ConfigEvent = ConfigEventView;

/** An incident opened, grew or closed. */
export type IncidentEvent = IncidentEventView;

/** Typed wrapper around an EventEmitter for `check` and `config` events. */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private isClosed = false;

  constructor() {
    // Every open SSE stream is a listener; a thousand viewers is not a leak.
    this.emitter.setMaxListeners(0);
  }

  emitCheck(e: CheckEvent): void {
    this.emitter.emit("check", e);
  }

  emitStatus(e: StatusEvent): void {
    this.emitter.emit("status", e);
  }

  emitConfig(e: ConfigEvent): void {
    this.emitter.emit("config", e);
  }

  emitIncident(e: IncidentEvent): void {
    this.emitter.emit("incident", e);
  }

  /** Subscribes to every kind (`status` and `incident` optional); returns the unsubscribe function. */
  subscribe(onCheck: (e: CheckEvent) => void, onConfig: (e: ConfigEvent) => void, onStatus?: (e: StatusEvent) => void, onIncident?: (e: IncidentEvent) => void): () => void {
    this.emitter.on("check", onCheck);
    this.emitter.on("config", onConfig);
    if (onStatus) this.emitter.on("status", onStatus);
    if (onIncident) this.emitter.on("incident", onIncident);
    return () => {
      this.emitter.off("check", onCheck);
      this.emitter.off("config", onConfig);
      if (onStatus) this.emitter.off("status", onStatus);
      if (onIncident) this.emitter.off("incident", onIncident);
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

/** The compact summary of a check carried by a `check` event: the last-check view plus id and trigger. */
export function checkSummary(check: CheckRecord): CheckEvent["check"] {
  const { at, durationMs, attempts, outcome, message, passed } = lastCheckView(check)!;
  return { id: check.id, startedAt: at, durationMs, trigger: check.trigger, passed, attempts, outcome, message };
}
