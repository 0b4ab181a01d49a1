import { startFleet } from "../lib/fleet";
import { lateness, over } from "../lib/lateness";
import { round, sleep, spread } from "../lib/stats";
import type { Scenario } from "../lib/types";

/** SPEC §7: with half the targets hanging, healthy checks start within 50 ms of schedule (p99). */
export const isolation: Scenario = {
  name: "isolation",
  title: "400 services, half hung: how late the healthy ones' checks start",
  async run(ctx) {
    const p = ctx.short
      ? { services: 100, intervalMs: 2_000, timeout: "500ms", retries: 1, warmMs: 2_000, windowMs: 5_000 }
      : { services: 400, intervalMs: 5_000, timeout: "2s", retries: 2, warmMs: 15_000, windowMs: 60_000 };
    const half = p.services / 2;
    const fleet = await startFleet({ healthy: half, hung: half, defaults: { interval: `${p.intervalMs}ms`, timeout: p.timeout, retries: p.retries } });
    try {
      ctx.log(`isolation: ${half} healthy + ${half} hung every ${p.intervalMs / 1000} s (timeout ${p.timeout}, ${p.retries} retries); measuring ${p.windowMs / 1000} s`);
      await sleep(p.warmMs);
      const from = Date.now();
      await sleep(p.windowMs);
      const to = Date.now();
      const hung = await fleet.targets.stats();
      await sleep(1_000);
      const arrivals = await fleet.targets.arrivals();
      const late = lateness(fleet.healthy.map((_, i) => arrivals[fleet.targets.path(i)] ?? []), p.intervalMs, from, to);
      const l = spread(late.late);
      const machine = spread(await fleet.targets.canary(from, to));
      return {
        figures: [
          { name: "healthy checks measured", value: l.n },
          { name: "lateness p50", value: round(l.p50), unit: "ms" },
          { name: "lateness p99", value: round(l.p99), unit: "ms", target: "< 50 ms", ok: l.p99 < 50 },
          { name: "lateness max", value: round(l.max), unit: "ms" },
          { name: "healthy checks > 50 ms late", value: over(late.late, 50) },
          { name: "healthy slots missed", value: `${late.missed} of ${late.expected}` },
          { name: "machine: 10 ms timer late p99 / max", value: `${round(machine.p99)} / ${round(machine.max)}`, unit: "ms" },
          { name: "hung connections open at end", value: hung.hungOpen },
          { name: "hung connections accepted in total", value: hung.hungAccepted },
        ],
        notes: [`${half} healthy and ${half} hung HTTP services, interval ${p.intervalMs} ms, timeout ${p.timeout}, retries ${p.retries}; lateness = arrival at the target minus the service's own cadence`],
      };
    } finally {
      await fleet.stop();
    }
  },
};
