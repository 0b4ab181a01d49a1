/**
 * The probe thread's entry (lib/scheduler/probe-thread.ts starts it): the timing side of the
 * scheduler, driven by messages, reporting each started and finished check back.
 */
import { parentPort } from "node:worker_threads";
import { scrubber } from "@/lib/config/redact";
import { ProbeCore, type ProbeCommand, type ProbeEvent } from "@/lib/scheduler/probe-core";

const port = parentPort;
if (!port) throw new Error("lib/scheduler/probe-worker.ts runs as a worker thread");

const core = new ProbeCore({ emit: (event: ProbeEvent) => port.postMessage(event), makeScrub: scrubber });

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
      return void core.stop(m.graceMs).then(() => port.postMessage({ t: "stopped" }));
  }
});
