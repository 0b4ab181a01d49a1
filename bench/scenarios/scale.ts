import { storedChecks } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { lateness, over } from "../lib/lateness";
import { delta, has, histogramQuantile, scrape } from "../lib/metrics";
import { cpuPercent, rssSampler, sampleTree } from "../lib/proc";
import { round, sleep, spread } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

const LATENESS_METRIC = "depwatch_scheduler_lateness_seconds";

/** SPEC §7: 1,000 services at a 10 s interval, under 5 % of one core and 200 MB RSS. */
export const scale: Scenario = {
  name: "scale",
  title: "1,000 HTTP services at a 10 s interval: CPU, RSS, checks/s, lateness",
  async run(ctx) {
    const p = ctx.short ? { services: 200, intervalMs: 2_000, warmMs: 3_000, windowMs: 5_000 } : { services: 1_000, intervalMs: 10_000, warmMs: 30_000, windowMs: 120_000 };
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: `${p.intervalMs}ms` } });
    try {
      ctx.log(`scale: ${p.services} services every ${p.intervalMs / 1000} s; warm-up ${p.warmMs / 1000} s, then measuring ${p.windowMs / 1000} s`);
      // The first request to a route loads its code, which blocks the server for a moment: do it now.
      await scrape(fleet.server.url);
      await sleep(p.warmMs);
      const pid = fleet.server.proc.pid!;
      const metricsBefore = await scrape(fleet.server.url);
      const from = Date.now();
      const cpuStart = sampleTree(pid);
      const rss = rssSampler(pid, 1_000);
      await sleep(p.windowMs);
      const cpuEnd = sampleTree(pid);
      const to = Date.now();
      const samples = rss.stop();
      const metricsAfter = await scrape(fleet.server.url);
      // Let checks due just before the end arrive before reading the targets.
      await sleep(1_000);
      const arrivals = await fleet.targets.arrivals();
      const stored = storedChecks(fleet.server.dataDir, from, to);
      const seconds = (to - from) / 1000;
      const inWindow = Object.values(arrivals).reduce((n, list) => n + list.filter((t) => t >= from && t < to).length, 0);
      const late = lateness(fleet.healthy.map((_, i) => arrivals[fleet.targets.path(i)] ?? []), p.intervalMs, from, to);
      const l = spread(late.late);
      const machine = spread(await fleet.targets.canary(from, to));
      const rssMb = samples.map((s) => s.rssBytes / 2 ** 20);
      const cpu = cpuPercent(cpuStart, cpuEnd);
      const steadyRss = rssMb.reduce((a, b) => a + b, 0) / rssMb.length;
      const figures: Figure[] = [
        { name: "CPU (server tree, % of one core)", value: round(cpu, 2), unit: "%", target: "< 5 %", ok: cpu < 5 },
        { name: "RSS mean (server tree)", value: round(steadyRss), unit: "MB", target: "< 200 MB", ok: steadyRss < 200 },
        { name: "RSS max (server tree)", value: round(Math.max(...rssMb)), unit: "MB" },
        { name: "processes in server tree", value: cpuStart.processes },
        { name: "checks/s expected", value: round(p.services / (p.intervalMs / 1000), 1), unit: "/s" },
        { name: "checks/s arriving at targets", value: round(inWindow / seconds, 1), unit: "/s" },
      ];
      if (stored !== undefined) figures.push({ name: "checks/s stored", value: round(stored / seconds, 1), unit: "/s" });
      if (metricsAfter && has(metricsAfter, "depwatch_checks_total")) figures.push({ name: "checks/s from /metrics", value: round(delta(metricsBefore, metricsAfter, "depwatch_checks_total") / seconds, 1), unit: "/s" });
      figures.push(
        { name: "lateness p50 (target side)", value: round(l.p50), unit: "ms" },
        { name: "lateness p99 (target side)", value: round(l.p99), unit: "ms" },
        { name: "lateness max (target side)", value: round(l.max), unit: "ms" },
        { name: "checks started > 50 ms late", value: over(late.late, 50) },
        { name: "checks started > 1 s late", value: over(late.late, 1_000) },
        { name: "slots missed (no check)", value: `${late.missed} of ${late.expected}` },
        { name: "machine: 10 ms timer late p99 / max", value: `${round(machine.p99)} / ${round(machine.max)}`, unit: "ms" },
      );
      const notes = [`${p.services} services, interval ${p.intervalMs} ms, defaults otherwise; measured over ${round(seconds)} s after ${p.warmMs / 1000} s warm-up`];
      if (metricsAfter && has(metricsAfter, `${LATENESS_METRIC}_bucket`)) {
        const q = histogramQuantile(metricsBefore, metricsAfter, LATENESS_METRIC, 0.99);
        figures.push({ name: "lateness p99 bucket (/metrics)", value: q === undefined ? "no data" : `≤ ${round(q * 1000)}`, unit: "ms" });
      } else notes.push(`${LATENESS_METRIC} not exposed by /metrics: lateness measured at the targets only`);
      return { figures, notes };
    } finally {
      await fleet.stop();
    }
  },
};
