import { runHistoryBench, type HistoryBenchResult } from "../history";
import { round } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

/** SPEC §7: a page of checks from a million attempts under 20 ms; under 100 bytes per attempt. */
export const history: Scenario = {
  name: "history",
  title: "A page of checks from a store of one million attempts",
  async run(ctx) {
    const attempts = ctx.short ? 50_000 : 1_000_000;
    ctx.log(`history: writing ${attempts.toLocaleString("en")} attempts to a fresh SQLite store, then reading pages`);
    const r = await runHistoryBench({ attempts });
    return {
      figures: historyFigures(r),
      notes: [`one service, ${r.checks.toLocaleString("en")} checks (${r.attempts.toLocaleString("en")} attempts), in process via bench/history.ts runHistoryBench; pages are 50 checks at random cursors`],
    };
  },
};

/** The figures shared by the SQLite and PostgreSQL history scenarios. */
export function historyFigures(r: Omit<HistoryBenchResult, "latency24hMs" | "bytesOnDisk" | "bytesPerCheck" | "timeoutPageP50Ms" | "rarePageP50Ms" | "hourPageP50Ms" | "checks"> & { latency24hMs?: number }): Figure[] {
  return [
    { name: "attempts stored", value: r.attempts },
    { name: "attempts written per second", value: r.attemptsPerSecond, unit: "/s" },
    { name: "bytes on disk per attempt", value: round(r.bytesPerAttempt), unit: "B", target: "< 100 B", ok: r.bytesPerAttempt < 100 },
    { name: "first page (newest 50)", value: round(r.firstPageMs, 2), unit: "ms" },
    { name: "page of 50 p50", value: round(r.pageP50Ms, 2), unit: "ms" },
    { name: "page of 50 p99", value: round(r.pageP99Ms, 2), unit: "ms", target: "< 20 ms", ok: r.pageP99Ms < 20 },
    { name: "page, outcome=timeout p99", value: round(r.timeoutPageP99Ms, 2), unit: "ms", target: "< 20 ms", ok: r.timeoutPageP99Ms < 20 },
    { name: "page, rare outcome p99", value: round(r.rarePageP99Ms, 2), unit: "ms", target: "< 20 ms", ok: r.rarePageP99Ms < 20 },
    { name: "page, one-hour range p99", value: round(r.hourPageP99Ms, 2), unit: "ms", target: "< 20 ms", ok: r.hourPageP99Ms < 20 },
    { name: "last-hour counts, all services", value: round(r.countsLastHourMs, 2), unit: "ms" },
    ...(r.latency24hMs === undefined ? [] : [{ name: "24 h latency series", value: round(r.latency24hMs, 2), unit: "ms" }]),
  ];
}
