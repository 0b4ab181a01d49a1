import { EventEmitter } from "node:events";
import type { ConfigIssue } from "@/lib/config/load";
import type { GraphState } from "@/lib/graph";
import type { CheckRecord, Status } from "@/lib/model";
import type { IncidentRecord } from "@/lib/store/alert-types";

/** A finished check and the service's graph-applied status after it. */
export interface CheckNews {
  id: string;
  status: Status;
  /** Failed checks counted toward the threshold after this one. */
  failures?: { count: number; threshold: number };
  check: CheckRecord;
}

/** The services whose graph-applied status, root causes or awaited dependencies changed with one check; `at` is epoch ms. */
export interface StatusNews {
  at: number;
  services: (GraphState & { id: string })[];
}

/** A config reload, or a rejected one with its issues; `at` is epoch ms. */
export interface ConfigNews {
  ok: boolean;
  issues?: readonly ConfigIssue[];
  at: number;
}

/** An incident opened, grew or closed (README "Incidents"). */
export interface IncidentNews {
  change: "opened" | "updated" | "closed";
  incident: IncidentRecord;
}

/**
 * Typed wrapper around an EventEmitter for `check`, `status`, `config` and `incident` events. The engine's
 * bus carries domain news; lib/api turns it into the API's event shapes (ARCHITECTURE.md, "Layers").
 */
export class EventBus<CheckEvent = unknown, ConfigEvent = unknown, StatusEvent = unknown, IncidentEvent = unknown> {
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
