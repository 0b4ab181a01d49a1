/**
 * The probe thread's entry (lib/scheduler/probe-thread.ts starts it): the timing side of the
 * scheduler, driven by messages, reporting each started and finished check back.
 */
import { parentPort } from "node:worker_threads";
import { scrubber } from "@/lib/config/redact";
import { ProbeCore, type ProbeCommand, type ProbeEvent } from "@/lib/scheduler/probe-core";

const port = parentPort;
if (!port) throw new Error("lib/scheduler/probe-worker.ts runs as a worker thread");

/**
 * Events go in batches. Each message costs both threads a wake-up and a copy (at 100 checks/s, one
 * message per event was a fifth of the probe thread's work; README.md, "Performance"), so a batch
 * is posted once no check is in flight (the checks started together on a step of the start grid
 * have all reported: their starts and results go as one message), and at the latest BATCH_MS
 * after its first event, so a slow check holds nothing back; never more than one per BATCH_MS.
 */
const BATCH_MS = 20;
let queued: ProbeEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let idleCheck: ReturnType<typeof setImmediate> | undefined;
let lastFlush = -Infinity;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (queued.length === 0) return;
  lastFlush = performance.now();
  const batch = queued;
  queued = [];
  port!.postMessage(batch);
}

function emit(event: ProbeEvent): void {
  queued.push(event);
  flushTimer ??= setTimeout(flush, BATCH_MS);
  // After this turn's callbacks and promise jobs, when a finished check no longer counts as in flight.
  idleCheck ??= setImmediate(() => {
    idleCheck = undefined;
    if (core.inFlight === 0 && performance.now() - lastFlush >= BATCH_MS) flush();
  });
}

const core = new ProbeCore({ emit, makeScrub: scrubber });

port.on("message", (m: ProbeCommand) => {
  switch (m.c) {
    case "services":
      return core.setServices(m.services, m.secrets);
    case "start":
      return core.start();
    case "owned":
      return core.setOwned(m.ids, m.due, m.last);
    case "check":
      return core.checkNow(m.id, m.trigger);
    case "stop":
      // Every result of the drain is posted before "stopped", and messages keep their order.
      return void core.stop(m.graceMs).then(() => {
        flush();
        port.postMessage({ t: "stopped" });
      });
  }
});
