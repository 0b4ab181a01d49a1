import { lastAttemptDuration, SQL_ATTEMPTS, SQL_TIMEOUTS } from "@/lib/store/codec";
import type { SqliteContext } from "@/lib/store/sqlite-context";
import { SLOT_MS, slotOf } from "@/lib/store/sqlite-schema";
import { addCounts, buildSeries, emptyCounts, HOUR_MS } from "@/lib/store/stats";
import type { CheckCounts } from "@/lib/model";
import type { HourlyRollup, LatencyPoint } from "@/lib/store/types";

/** A latency chart reads at most about this many raw checks; longer ranges are sampled by slot. */
const SERIES_ROW_CAP = 5_000;
const MAX = Number.MAX_SAFE_INTEGER;

const COUNT_COLUMNS = `count(*) AS checks, total((flags & 1) = 0) AS failed, total(${SQL_ATTEMPTS} - 1) AS retries, total(${SQL_TIMEOUTS}) AS timeouts`;

interface SpanRow extends CheckCounts {
  slot: number;
  lo: number;
  hi: number;
}

/** Partial slots at the edges of [from, to): only these need the raw checks. */
function edges(from: number, to: number): { slot: number; from: number; to: number }[] {
  const out: { slot: number; from: number; to: number }[] = [];
  const first = slotOf(from);
  if (first !== from || to < first + SLOT_MS) out.push({ slot: first, from, to: Math.min(to, first + SLOT_MS) });
  const last = slotOf(to === Infinity ? MAX : to);
  if (to !== Infinity && last !== to && last !== first) out.push({ slot: last, from: last, to });
  return out;
}

/** Totals of one service's checks started in [from, to): whole slots from spans, edges exactly. */
export function countsFor(ctx: SqliteContext, serviceId: string, from: number, to = Infinity): CheckCounts {
  const total = emptyCounts();
  const service = ctx.serviceId(serviceId);
  if (service === undefined || to <= from) return total;
  const spans = ctx.stmt("SELECT slot, first_id AS lo, last_id AS hi, checks, failed, retries, timeouts FROM spans WHERE service = ? AND slot >= ? AND slot < ?").all(service, slotOf(from), to === Infinity ? MAX : to) as SpanRow[];
  const edge = ctx.stmt(`SELECT ${COUNT_COLUMNS} FROM checks WHERE service = ? AND id BETWEEN ? AND ? AND started_at >= ? AND started_at < ?`);
  for (const s of spans) {
    if (s.slot >= from && s.slot + SLOT_MS <= to) addCounts(total, s);
    else addCounts(total, edge.get(service, s.lo, s.hi, Math.max(from, s.slot), Math.min(to, s.slot + SLOT_MS)) as CheckCounts);
  }
  return total;
}

/** Totals of every service in [from, to), by name: one grouped query plus at most two edge scans. */
export function countsForAll(ctx: SqliteContext, from: number, to = Infinity): Map<string, CheckCounts> {
  const out = new Map<string, CheckCounts>();
  if (to <= from) return out;
  const add = (rows: ({ service: number } & CheckCounts)[]) => {
    for (const { service, ...c } of rows) {
      const name = ctx.serviceName(service);
      if (name === undefined || c.checks === 0) continue;
      const prev = out.get(name);
      out.set(name, prev ? addCounts(prev, c) : c);
    }
  };
  const fullFrom = slotOf(from) === from ? from : slotOf(from) + SLOT_MS;
  const fullTo = to === Infinity ? MAX : slotOf(to);
  if (fullFrom < fullTo) {
    add(ctx.stmt("SELECT service, total(checks) AS checks, total(failed) AS failed, total(retries) AS retries, total(timeouts) AS timeouts FROM spans WHERE slot >= ? AND slot < ? GROUP BY service").all(fullFrom, fullTo) as ({ service: number } & CheckCounts)[]);
  }
  for (const e of edges(from, to)) {
    const range = ctx.stmt("SELECT min(first_id) AS lo, max(last_id) AS hi FROM spans WHERE slot = ?").get(e.slot) as { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) continue;
    // One key-range seek per service that has checks in the slot.
    add(ctx.stmt(`SELECT service, ${COUNT_COLUMNS} FROM checks WHERE service IN (SELECT service FROM spans WHERE slot = ?) AND id BETWEEN ? AND ? AND started_at >= ? AND started_at < ? GROUP BY service`).all(e.slot, range.lo, range.hi, e.from, e.to) as ({ service: number } & CheckCounts)[]);
  }
  return out;
}

/** One service's hourly rollups with hour in [from, to), oldest first. */
export function readRollups(ctx: SqliteContext, serviceId: string, from: number, to: number): HourlyRollup[] {
  const service = ctx.serviceId(serviceId);
  if (service === undefined) return [];
  return ctx.stmt("SELECT hour, checks, failed, retries, timeouts, p50, p95, max FROM rollups WHERE service = ? AND hour >= ? AND hour < ? ORDER BY hour").all(service, from, to) as HourlyRollup[];
}

/** Latency p50/p95 per bucket; bounded work: past SERIES_ROW_CAP checks, every k-th slot is read. */
export function latencySeriesFor(ctx: SqliteContext, serviceId: string, from: number, to: number, buckets: number): LatencyPoint[] {
  const service = ctx.serviceId(serviceId);
  const samples: { at: number; latency: number }[] = [];
  if (service !== undefined && to > from) {
    const spans = ctx.stmt("SELECT slot, first_id AS lo, last_id AS hi, checks FROM spans WHERE service = ? AND slot >= ? AND slot < ? ORDER BY slot").all(service, slotOf(from), to) as SpanRow[];
    const total = spans.reduce((n, s) => n + s.checks, 0);
    const stride = Math.max(1, Math.ceil(total / SERIES_ROW_CAP));
    const ranges = stride === 1 ? (spans.length ? [{ lo: Math.min(...spans.map((s) => s.lo)), hi: Math.max(...spans.map((s) => s.hi)) }] : []) : spans.filter((_, i) => i % stride === 0);
    const read = ctx.stmt("SELECT started_at, duration_ms, attempts FROM checks WHERE service = ? AND id BETWEEN ? AND ? AND started_at >= ? AND started_at < ?").raw(true);
    for (const r of ranges) {
      for (const [at, duration, blob] of read.all(service, r.lo, r.hi, from, to) as [number, number, Buffer][]) {
        samples.push({ at, latency: lastAttemptDuration(blob) ?? duration });
      }
    }
  }
  return buildSeries(from, to, buckets, samples, readRollups(ctx, serviceId, from - HOUR_MS, to));
}
