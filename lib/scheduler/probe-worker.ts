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
 * Events go in batches: one message at most every BATCH_MS, the first of a quiet spell at once.
 * Each message costs both threads a wake-up and a copy; at 100 checks/s (two events each) one
 * message per event was a fifth of the probe thread's work (README.md, "Performance").
 */
const BATCH_MS = 20;
let queued: ProbeEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let lastFlush = -Infinity;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  lastFlush = performance.now();
  if (queued.length === 0) return;
  const batch = queued;
  queued = [];
  port!.postMessage(batch);
}

function emit(event: ProbeEvent): void {
  queued.push(event);
  if (flushTimer) return;
  const wait = lastFlush + BATCH_MS - performance.now();
  if (wait <= 0) flush();
  else flushTimer = setTimeout(flush, wait);
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
