import pg from "pg";
import { configText, startDashboard, type BenchService, type Dashboard } from "../lib/dashboard";
import { delta, scrape } from "../lib/metrics";
import { benchDatabase, postgresReachable } from "../lib/postgres";
import { cpuPercent, sampleTree } from "../lib/proc";
import { startTargets } from "../lib/targets";
import { round, sleep } from "../lib/stats";
import type { Figure, Scenario } from "../lib/types";

/** SPEC §7 "Several instances": three instances × 1,000 services on one PostgreSQL database. */
export const cluster: Scenario = {
  name: "cluster",
  title: "3 instances × 1,000 services on PostgreSQL: checks and CPU per instance, take-over after kill -9",
  async run(ctx) {
    if (!(await postgresReachable())) return { figures: [], notes: [], unavailable: "no PostgreSQL at BENCH_PG_URL" };
    const p = ctx.short ? { services: 150, intervalMs: 2_000, windowMs: 6_000 } : { services: 1_000, intervalMs: 10_000, windowMs: 60_000 };
    const db = await benchDatabase();
    const targets = await startTargets();
    const admin = new pg.Client({ connectionString: db.url });
    const servers: Dashboard[] = [];
    try {
      const services: BenchService[] = Array.from({ length: p.services }, (_, i) => ({ id: `svc-${i}`, check: { type: "http", url: targets.url(i) } }));
      const config = configText(services, { interval: `${p.intervalMs}ms` });
      for (const n of [1, 2, 3]) servers.push(await startDashboard(config, { env: { DEPWATCH_DATABASE_URL: db.url, DEPWATCH_INSTANCE_ID: `bench-${n}` } }));
      await admin.connect();
      const owners = async () => new Map((await admin.query<{ service: string; owner: string }>("SELECT service, owner FROM leases WHERE owner IS NOT NULL AND expires_at > now()")).rows.map((r) => [r.service, r.owner]));
      const splitStart = Date.now();
      while ((await owners()).size < p.services && Date.now() - splitStart < 60_000) await sleep(500);
      const splitMs = Date.now() - splitStart;
      ctx.log(`cluster: ${p.services} services split over 3 instances in ${splitMs} ms; one interval of warm-up, then ${p.windowMs / 1000} s`);
      for (const s of servers) await scrape(s.url);
      await sleep(p.intervalMs);
      // Each instance's counter is read with its own timestamps, so the rate covers exactly its window.
      const stamped = async (url: string) => {
        const t0 = Date.now();
        const m = await scrape(url);
        return { at: (t0 + Date.now()) / 2, m };
      };
      const before = await Promise.all(servers.map((s) => stamped(s.url)));
      const cpu0 = servers.map((s) => sampleTree(s.proc.pid!));
      const from = Date.now();
      await sleep(p.windowMs);
      const cpu1 = servers.map((s) => sampleTree(s.proc.pid!));
      const after = await Promise.all(servers.map((s) => stamped(s.url)));
      const seconds = (Date.now() - from) / 1000;
      const perInstance = after.map((a, i) => (a.m ? delta(before[i]!.m, a.m, "depwatch_checks_total") / ((a.at - before[i]!.at) / 1000) : 0));
      const figures: Figure[] = [
        { name: "services split over 3 instances after start", value: round(splitMs / 1000, 1), unit: "s" },
        { name: "checks/s per instance (1 / 2 / 3)", value: perInstance.map((x) => round(x, 1)).join(" / "), unit: "/s" },
        { name: "checks/s expected in total", value: round(p.services / (p.intervalMs / 1000), 1), unit: "/s" },
        { name: "CPU per instance (% of one core, 1 / 2 / 3)", value: servers.map((_, i) => round(cpuPercent(cpu0[i]!, cpu1[i]!), 1)).join(" / "), unit: "%" },
      ];
      // kill -9 of instance 3: how long until every one of its services is checked again.
      const o = await owners();
      const lost = services.map((s, i) => ({ id: s.id, path: targets.path(i) })).filter((s) => o.get(s.id) === "bench-3");
      const killAt = Date.now();
      await servers[2]!.stop("SIGKILL");
      servers.pop();
      await sleep(3 * p.intervalMs);
      const arrivals = await targets.arrivals();
      const resumed = lost.map((s) => (arrivals[s.path] ?? []).find((t) => t > killAt));
      const gaps = lost.map((s) => {
        const list = arrivals[s.path] ?? [];
        const i = list.findIndex((t) => t > killAt);
        return i > 0 ? list[i]! - list[i - 1]! : Infinity;
      });
      const takeover = Math.max(...resumed.map((t) => (t === undefined ? Infinity : t - killAt)));
      const worstGap = Math.max(...gaps);
      figures.push(
        { name: "services of the killed instance", value: lost.length },
        { name: "kill -9 → every one of them checked again", value: round(takeover / 1000, 2), unit: "s" },
        { name: "longest gap between two checks of one of them", value: round(worstGap / 1000, 2), unit: "s", target: `< ${(2 * p.intervalMs) / 1000} s (two intervals)`, ok: worstGap < 2 * p.intervalMs },
      );
      return { figures, notes: [`${p.services} HTTP services every ${p.intervalMs / 1000} s, three instances (default 5 s leases) on a fresh database of the local PostgreSQL; checks/s from each instance's depwatch_checks_total over ${round(seconds)} s`] };
    } finally {
      for (const s of servers) await s.stop("SIGTERM").catch(() => undefined);
      await admin.end().catch(() => undefined);
      await targets.stop();
      await db.drop();
    }
  },
};
