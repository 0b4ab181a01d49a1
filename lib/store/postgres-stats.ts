import { lastAttemptDuration, SQL_ATTEMPTS, SQL_TIMEOUTS } from "@/lib/store/codec";
import type { PgContext } from "@/lib/store/postgres-context";
import { SLOT_MS, slotOf } from "@/lib/store/sqlite-schema";
import { addCounts, buildSeries, emptyCounts, HOUR_MS } from "@/lib/store/stats";
import type { CheckCounts } from "@/lib/model";
import type { HourlyRollup, LatencyPoint } from "@/lib/store/types";

/** A latency chart reads at most about this many raw checks; longer ranges are sampled by slot. */
const SERIES_ROW_CAP = 5_000;
const MAX = Number.MAX_SAFE_INTEGER;

const COUNT_COLUMNS = `count(*)::int AS checks, count(*) FILTER (WHERE (flags & 1) = 0)::int AS failed,
  coalesce(sum(${SQL_ATTEMPTS} - 1), 0)::int AS retries, coalesce(sum(${SQL_TIMEOUTS}), 0)::int AS timeouts`;
const SUM_SPANS = "sum(checks)::int AS checks, sum(failed)::int AS failed, sum(retries)::int AS retries, sum(timeouts)::int AS timeouts";

interface SpanRow extends CheckCounts {
  slot: number;
  lo: number;
  hi: number;
}

/** Totals of one service's checks started in [from, to): whole slots from spans, edges exactly. */
export async function pgCounts(ctx: PgContext, serviceId: string, from: number, to = Infinity): Promise<CheckCounts> {
  const total = emptyCounts();
  const service = await ctx.serviceId(serviceId);
  if (service === undefined || to <= from) return total;
  const end = to === Infinity ? MAX : to;
  const { rows } = await ctx.pool.query<SpanRow>("SELECT slot, first_id AS lo, last_id AS hi, checks, failed, retries, timeouts FROM spans WHERE service = $1 AND slot >= $2 AND slot < $3", [service, slotOf(from), end]);
  for (const s of rows) {
    if (s.slot >= from && s.slot + SLOT_MS <= to) addCounts(total, s);
    else {
      const edge = await ctx.pool.query<CheckCounts>(`SELECT ${COUNT_COLUMNS} FROM checks WHERE service = $1 AND id BETWEEN $2 AND $3 AND started_at >= $4 AND started_at < $5`, [service, s.lo, s.hi, Math.max(from, s.slot), Math.min(end, s.slot + SLOT_MS)]);
      if (edge.rows[0]) addCounts(total, edge.rows[0]);
    }
  }
  return total;
}

/** Totals of every service in [from, to), by name: one grouped query over spans plus the edge slots. */
export async function pgCountsAll(ctx: PgContext, from: number, to = Infinity): Promise<Map<string, CheckCounts>> {
  const out = new Map<string, CheckCounts>();
  if (to <= from) return out;
  const add = async (rows: ({ service: number } & CheckCounts)[]) => {
    for (const { service, ...c } of rows) {
      const name = await ctx.serviceName(service);
      if (name === undefined || c.checks === 0) continue;
      const prev = out.get(name);
      out.set(name, prev ? addCounts(prev, c) : c);
    }
  };
  const fullFrom = slotOf(from) === from ? from : slotOf(from) + SLOT_MS;
  const fullTo = to === Infinity ? MAX : slotOf(to);
  if (fullFrom < fullTo) await add((await ctx.pool.query(`SELECT service, ${SUM_SPANS} FROM spans WHERE slot >= $1 AND slot < $2 GROUP BY service`, [fullFrom, fullTo])).rows);
  const edges: { slot: number; from: number; to: number }[] = [];
  const first = slotOf(from);
  if (first !== from || to < first + SLOT_MS) edges.push({ slot: first, from, to: Math.min(to, first + SLOT_MS) });
  const last = slotOf(to === Infinity ? MAX : to);
  if (to !== Infinity && last !== to && last !== first) edges.push({ slot: last, from: last, to });
  for (const e of edges) {
    const sql = `SELECT c.service, ${COUNT_COLUMNS.replaceAll("flags", "c.flags")} FROM spans s JOIN checks c ON c.service = s.service AND c.id BETWEEN s.first_id AND s.last_id
      WHERE s.slot = $1 AND c.started_at >= $2 AND c.started_at < $3 GROUP BY c.service`;
    await add((await ctx.pool.query(sql, [e.slot, e.from, e.to === Infinity ? MAX : e.to])).rows);
  }
  return out;
}

/** One service's hourly rollups with hour in [from, to), oldest first. */
export async function pgRollups(ctx: PgContext, serviceId: string, from: number, to: number): Promise<HourlyRollup[]> {
  const service = await ctx.serviceId(serviceId);
  if (service === undefined) return [];
  return (await ctx.pool.query<HourlyRollup>("SELECT hour, checks, failed, retries, timeouts, p50, p95, max FROM rollups WHERE service = $1 AND hour >= $2 AND hour < $3 ORDER BY hour", [service, from, to])).rows;
}

/** Latency p50/p95 per bucket; bounded work: past SERIES_ROW_CAP checks, every k-th slot is read. */
export async function pgLatencySeries(ctx: PgContext, serviceId: string, from: number, to: number, buckets: number): Promise<LatencyPoint[]> {
  const service = await ctx.serviceId(serviceId);
  const samples: { at: number; latency: number }[] = [];
  if (service !== undefined && to > from) {
    const { rows: spans } = await ctx.pool.query<SpanRow>("SELECT slot, first_id AS lo, last_id AS hi, checks FROM spans WHERE service = $1 AND slot >= $2 AND slot < $3 ORDER BY slot", [service, slotOf(from), to]);
    const total = spans.reduce((n, s) => n + s.checks, 0);
    const stride = Math.max(1, Math.ceil(total / SERIES_ROW_CAP));
    const ranges = stride === 1 ? (spans.length ? [{ lo: Math.min(...spans.map((s) => s.lo)), hi: Math.max(...spans.map((s) => s.hi)) }] : []) : spans.filter((_, i) => i % stride === 0);
    for (const r of ranges) {
      const { rows } = await ctx.pool.query<{ started_at: number; duration_ms: number; attempts: Buffer }>("SELECT started_at, duration_ms, attempts FROM checks WHERE service = $1 AND id BETWEEN $2 AND $3 AND started_at >= $4 AND started_at < $5", [service, r.lo, r.hi, from, to]);
      for (const row of rows) samples.push({ at: row.started_at, latency: lastAttemptDuration(row.attempts) ?? row.duration_ms });
    }
  }
  return buildSeries(from, to, buckets, samples, await pgRollups(ctx, serviceId, from - HOUR_MS, to));
}
