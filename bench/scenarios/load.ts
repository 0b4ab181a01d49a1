import { Agent, request } from "node:http";
import { timedGet } from "../lib/dashboard";
import { startFleet } from "../lib/fleet";
import { lateness, over } from "../lib/lateness";
import { delta, scrape } from "../lib/metrics";
import { cpuPercent, rssSampler, sampleTree } from "../lib/proc";
import { round, sleep, spread } from "../lib/stats";
import type { Scenario } from "../lib/types";

/** Opens `/api/events` and counts what arrives; never parses it (the load is the server's, not ours). */
function openStream(url: string, agent: Agent, counter: { bytes: number; open: number; refused: number }): () => void {
  const req = request(url, { agent, headers: { accept: "text/event-stream" } }, (res) => {
    if (res.statusCode !== 200) {
      counter.refused++;
      return void res.resume();
    }
    counter.open++;
    res.on("data", (chunk: Buffer) => (counter.bytes += chunk.length));
    res.on("close", () => counter.open--);
    res.on("error", () => undefined);
  });
  req.on("error", () => undefined);
  req.end();
  return () => req.destroy();
}

/** Rejects when `p` takes longer than `ms` (an overloaded server must not hang the run). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Attempts in the check-duration histogram above 250 ms: against a target that answers at once, every one is the dashboard's own delay. */
const slowOk = (before: Map<string, number> | undefined, after: Map<string, number>) =>
  delta(before, after, "depwatch_check_duration_seconds_count") - delta(before, after, "depwatch_check_duration_seconds_bucket", (k) => k.includes('le="0.25"'));

/** SPEC §7: with 500 open pages streaming events and 50 API clients, checks stay on time and no attempt is recorded slow. */
export const load: Scenario = {
  name: "load",
  title: "300 services at 5 s with 500 open event streams and 50 /api/status clients",
  async run(ctx) {
    const p = ctx.short
      ? { services: 100, intervalMs: 2_000, streams: 100, clients: 10, warmMs: 3_000, windowMs: 8_000 }
      : { services: 300, intervalMs: 5_000, streams: 500, clients: 50, warmMs: 10_000, windowMs: 40_000 };
    const fleet = await startFleet({ healthy: p.services, defaults: { interval: `${p.intervalMs}ms`, timeout: "2s", retries: 0 } });
    const streamAgent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const apiAgent = new Agent({ keepAlive: true, maxSockets: p.clients });
    const counter = { bytes: 0, open: 0, refused: 0 };
    const closers: (() => void)[] = [];
    let running = true;
    try {
      const url = fleet.server.url;
      await scrape(url);
      ctx.log(`load: ${p.services} services every ${p.intervalMs / 1000} s, ${p.streams} event streams, ${p.clients} /api/status clients; measuring ${p.windowMs / 1000} s`);
      for (let i = 0; i < p.streams; i++) closers.push(openStream(`${url}/api/events`, streamAgent, counter));
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      const clients = Array.from({ length: p.clients }, async () => {
        while (running) {
          const r = await withTimeout(timedGet(`${url}/api/status`, { "accept-encoding": "identity" }, apiAgent), 30_000).catch(() => undefined);
          if (!r) {
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
            continue;
          }
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          latencies.push(r.ms);
        }
      });
      await sleep(p.warmMs);
      ctx.log(`load: warmed up; ${counter.open} streams open, ${latencies.length} API answers so far`);
      latencies.length = 0;
      const before = await scrape(url);
      const pid = fleet.server.proc.pid!;
      const cpuStart = sampleTree(pid);
      const rss = rssSampler(pid, 1_000);
      const bytesStart = counter.bytes;
      const from = Date.now();
      await sleep(p.windowMs);
      const to = Date.now();
      const cpu = cpuPercent(cpuStart, sampleTree(pid));
      const rssMax = Math.max(...rss.stop().map((s) => s.rssBytes / 2 ** 20));
      const streamed = counter.bytes - bytesStart;
      const apiLatency = spread(latencies);
      running = false;
      ctx.log("load: window over; waiting for the API clients and reading the metrics");
      await Promise.all(clients);
      const after = await scrape(url);
      if (!after) throw new Error("GET /metrics failed after the window");
      await sleep(1_000);
      const arrivals = await fleet.targets.arrivals();
      const late = lateness(fleet.healthy.map((_, i) => arrivals[fleet.targets.path(i)] ?? []), p.intervalMs, from, to);
      const l = spread(late.late);
      const machine = spread(await fleet.targets.canary(from, to));
      const timeouts = delta(before, after, "depwatch_attempts_total", (k) => k.includes('outcome="timeout"'));
      const failed = delta(before, after, "depwatch_attempts_total", (k) => !k.includes('outcome="ok"'));
      const slow = slowOk(before, after);
      return {
        figures: [
          { name: "check lateness p99", value: round(l.p99), unit: "ms", target: "< 50 ms", ok: l.p99 < 50 },
          { name: "check lateness max", value: round(l.max), unit: "ms" },
          { name: "checks > 50 ms late", value: over(late.late, 50) },
          { name: "timeouts against instant targets", value: timeouts, target: "0", ok: timeouts === 0 },
          { name: "failed attempts (any outcome)", value: failed },
          { name: "checks slower than 250 ms against instant targets", value: slow, target: "0", ok: slow === 0 },
          { name: "/api/status p50 / p99 / max", value: `${round(apiLatency.p50)} / ${round(apiLatency.p99)} / ${round(apiLatency.max)}`, unit: "ms" },
          { name: "/api/status answers", value: [...statuses].map(([s, n]) => `${s}: ${n}`).join(", ") },
          { name: "event streams open at end / refused", value: `${counter.open} / ${counter.refused}` },
          { name: "event bytes streamed per second", value: round(streamed / ((to - from) / 1000) / 1024), unit: "KiB/s" },
          { name: "CPU (server tree, % of one core)", value: round(cpu, 1), unit: "%" },
          { name: "RSS max (server tree)", value: round(rssMax), unit: "MB" },
          { name: "machine: 10 ms timer late p99 / max", value: `${round(machine.p99)} / ${round(machine.max)}`, unit: "ms" },
        ],
        notes: [`${p.services} instant HTTP targets every ${p.intervalMs} ms (timeout 2s, no retries); ${p.streams} /api/events streams read and dropped; ${p.clients} keep-alive clients each looping GET /api/status; lateness = arrival at the target minus the service's own cadence; probes ran ${process.env.DEPWATCH_PROBE_THREAD === "off" ? "on the server's main thread (DEPWATCH_PROBE_THREAD=off)" : "on their own thread"}`],
      };
    } finally {
      running = false;
      closers.forEach((c) => c());
      streamAgent.destroy();
      apiAgent.destroy();
      await fleet.stop();
    }
  },
};
