import { Worker } from "node:worker_threads";
import type { Logger } from "@/lib/log";
import type { Trigger } from "@/lib/model";
import type { ProbeCommand, ProbeCommands, ProbeEvent, TimedService } from "@/lib/scheduler/probe-core";

/** How the probe thread is started and watched. */
export interface ProbeThreadOptions {
  /** Starts the worker; the bundled entry unless a test starts it from the sources. */
  spawn?: () => Worker;
  log?: Logger;
}

/** The first wait before a dead probe thread is replaced; doubled per death in a row, up to `MAX_RESTART_MS`. */
const FIRST_RESTART_MS = 100;
const MAX_RESTART_MS = 10_000;
/** A thread that lived this long resets the wait. */
const STEADY_MS = 60_000;
/** How long shutdown waits beyond the grace for the thread to report its drain. */
const STOP_MARGIN_MS = 5_000;

/**
 * The probe thread's heap: its garbage is short-lived (requests, sockets, results), so a small
 * young generation costs a few more quick scavenges and saves tens of MB of resident memory.
 */
export const PROBE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** The worker as built: `next build` (Turbopack) bundles the entry named in this `new URL` of its own. */
function spawnBundled(): Worker {
  return new Worker(new URL("./probe-worker.ts", import.meta.url), { resourceLimits: PROBE_THREAD_LIMITS });
}

/**
 * The timing side on a worker thread of its own (ARCHITECTURE.md "Scheduler"): commands go as
 * messages, events come back. A thread that dies is logged and replaced, and the scheduler
 * (told by a `restarted` event) hands it its services again, so checks resume.
 */
class ProbeThread implements ProbeCommands {
  private worker: Worker;
  private stopping = false;
  private alive = false;
  private onStopped?: () => void;
  private restartMs = FIRST_RESTART_MS;
  private bornAt = Date.now();
  private restartTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly emit: (event: ProbeEvent) => void,
    private readonly options: ProbeThreadOptions,
  ) {
    this.worker = this.spawn();
  }

  setServices(services: TimedService[], secrets: readonly string[]): void {
    this.post({ c: "services", services, secrets });
  }

  start(): void {
    this.post({ c: "start" });
  }

  setOwned(ids: readonly string[] | undefined, due: [string, number][], last: [string, number][]): void {
    this.post({ c: "owned", ids, due, last });
  }

  checkNow(id: string, trigger: Trigger): void {
    this.post({ c: "check", id, trigger });
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    // A dead thread has nothing in flight to drain.
    if (this.alive) await new Promise<void>((resolve) => {
      const bound = setTimeout(resolve, graceMs + STOP_MARGIN_MS);
      this.onStopped = () => {
        clearTimeout(bound);
        resolve();
      };
      this.post({ c: "stop", graceMs });
    });
    await worker.terminate();
  }

  private post(command: ProbeCommand): void {
    // A dead thread takes nothing; its successor is told everything again.
    this.worker.postMessage(command);
  }

  private spawn(): Worker {
    const worker = (this.options.spawn ?? spawnBundled)();
    this.alive = true;
    this.bornAt = Date.now();
    // The server keeps the process alive; the probe thread alone never does.
    worker.unref();
    worker.once("online", () => this.options.log?.log("info", "probe_thread_started", { threadId: worker.threadId }));
    // Events come in batches (lib/scheduler/probe-worker.ts), in order; "stopped" alone, after the last.
    worker.on("message", (m: ProbeEvent[] | { t: "stopped" }) => {
      if (!Array.isArray(m)) return this.onStopped?.();
      for (const event of m) this.emit(event);
    });
    worker.on("error", (err) => this.options.log?.log("error", "probe_thread_error", { error: err }));
    worker.on("exit", (code) => this.exited(worker, code));
    return worker;
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.alive = false;
    if (this.stopping) return this.onStopped?.();
    if (Date.now() - this.bornAt > STEADY_MS) this.restartMs = FIRST_RESTART_MS;
    this.options.log?.log("error", "probe_thread_exited", { code, restartInMs: this.restartMs });
    this.restartLater();
  }

  private restartLater(): void {
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      try {
        this.worker = this.spawn();
      } catch (err) {
        this.options.log?.log("error", "probe_thread_error", { error: err instanceof Error ? err : String(err), restartInMs: this.restartMs });
        return this.restartLater();
      }
      this.options.log?.log("info", "probe_thread_restarted", {});
      this.emit({ t: "restarted" });
    }, this.restartMs);
    this.restartTimer.unref();
    this.restartMs = Math.min(MAX_RESTART_MS, this.restartMs * 2);
  }
}

/** A `SchedulerDeps.link` that runs the timing side on its own worker thread. */
export function probeThread(options: ProbeThreadOptions = {}): (emit: (event: ProbeEvent) => void) => ProbeCommands {
  return (emit) => new ProbeThread(emit, options);
}
