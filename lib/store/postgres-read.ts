import type { CheckRecord } from "@/lib/model";
import { checkFromRow, messageIdsOf, outcomeBit, type StoredCheckRow } from "@/lib/store/codec";
import type { PgContext } from "@/lib/store/postgres-context";
import { mergeRanges, settleRanges, type IdRange } from "@/lib/store/spans";
import { slotOf } from "@/lib/store/sqlite-schema";
import type { CheckPage, CheckQuery } from "@/lib/store/types";

const MIN = Number.MIN_SAFE_INTEGER;
const RANGES_PER_QUERY = 64;
const MAX = Number.MAX_SAFE_INTEGER;
const FIRST_SPAN_BATCH = 64;
const LAST_SPAN_BATCH = 1024;

/**
 * Id ranges of one service's span slots overlapping [from, to) that hold `bit` (0: any) and
 * start below `before`, newest first and merged, a batch at a time (the spans with the highest
 * `last_id` first, 64 then four times as many each round): a page of a common outcome reads a few
 * spans, not every span of the history. Each batch yields only the ranges no later span can
 * reach into, so scanning them in order stays newest first.
 */
async function* spanRanges(ctx: PgContext, service: number, q: CheckQuery, bit: number, before: number): AsyncGenerator<IdRange[]> {
  let pending: IdRange[] = [];
  let below = MAX;
  for (let size = FIRST_SPAN_BATCH; ; size = Math.min(size * 4, LAST_SPAN_BATCH)) {
    const params: number[] = [service, q.from === undefined ? MIN : slotOf(q.from), q.to === undefined ? MAX : slotOf(q.to - 1), before, below, size];
    if (bit) params.push(bit);
    const { rows } = await ctx.pool.query<IdRange>(
      `SELECT first_id AS lo, last_id AS hi FROM spans WHERE service = $1 AND slot >= $2 AND slot <= $3 AND first_id < $4 AND last_id < $5${bit ? " AND (flags & $7) != 0" : ""} ORDER BY last_id DESC LIMIT $6`,
      params,
    );
    const done = rows.length < size;
    below = done ? MIN : rows[rows.length - 1]!.hi;
    const { settled, pending: rest } = settleRanges(mergeRanges([...pending, ...rows]), below);
    pending = rest;
    yield settled;
    if (done) return;
  }
}

/** A page of one service's checks, newest first (the Store.listChecks contract). */
export async function listPgChecks(ctx: PgContext, serviceId: string, q: CheckQuery): Promise<CheckPage> {
  const service = await ctx.serviceId(serviceId);
  if (service === undefined) return { checks: [] };
  const limit = Math.max(1, Math.floor(q.limit));
  const before = q.before ?? MAX;
  const bit = q.outcome ? outcomeBit(q.outcome) : 0;
  const rows: StoredCheckRow[] = [];
  // Without filters the (service, id) key is walked directly; with them, the spans say where to look.
  if (q.from === undefined && q.to === undefined && !bit) rows.push(...(await readRanges(ctx, service, q, bit, [{ lo: MIN, hi: before - 1 }], limit + 1)));
  else {
    for await (const ranges of spanRanges(ctx, service, q, bit, before)) {
      const clipped = ranges.map((r) => ({ lo: r.lo, hi: Math.min(r.hi, before - 1) })).filter((r) => r.hi >= r.lo);
      rows.push(...(await readRanges(ctx, service, q, bit, clipped, limit + 1 - rows.length)));
      if (rows.length > limit) break;
    }
  }
  const checks = await toRecords(ctx, serviceId, rows.slice(0, limit));
  const last = checks[checks.length - 1];
  return rows.length > limit && last ? { checks, next: last.id } : { checks };
}

/**
 * Up to `want` matching checks from disjoint id ranges (newest first), a chunk of ranges at a time
 * (8, then twice as many each round), one statement per chunk: dense ranges (most of the id span
 * between them holds matches) as one backward index scan, sparse ones (a rare outcome) through a
 * join on the ranges, so neither costs a trip per slot.
 */
async function readRanges(ctx: PgContext, service: number, q: CheckQuery, bit: number, ranges: readonly IdRange[], want: number): Promise<StoredCheckRow[]> {
  const rows: StoredCheckRow[] = [];
  for (let i = 0, size = 8; i < ranges.length && rows.length < want; i += size, size = Math.min(size * 2, RANGES_PER_QUERY)) {
    const chunk = ranges.slice(i, i + size);
    const top = chunk[0]!.hi;
    const bottom = chunk[chunk.length - 1]!.lo;
    const covered = chunk.reduce((n, r) => n + (r.hi - r.lo + 1), 0);
    const dense = chunk.length === 1 || covered * 2 >= top - bottom + 1;
    const params: unknown[] = dense ? [service, bottom, top] : [service, chunk.map((r) => r.lo), chunk.map((r) => r.hi)];
    const where = ["c.service = $1"];
    if (q.from !== undefined) where.push(`c.started_at >= $${params.push(q.from)}`);
    if (q.to !== undefined) where.push(`c.started_at < $${params.push(q.to)}`);
    if (bit) where.push(`(c.flags & $${params.push(bit)}) != 0`);
    const take = `LIMIT $${params.push(want - rows.length)}`;
    const sql = dense
      ? `SELECT c.id, c.started_at, c.duration_ms, c.flags, c.attempts FROM checks c WHERE ${where.join(" AND ")} AND c.id BETWEEN $2 AND $3 ORDER BY c.id DESC ${take}`
      : `SELECT c.id, c.started_at, c.duration_ms, c.flags, c.attempts FROM unnest($2::bigint[], $3::bigint[]) AS r(lo, hi)
        CROSS JOIN LATERAL (SELECT * FROM checks c WHERE ${where.join(" AND ")} AND c.id BETWEEN r.lo AND r.hi ORDER BY c.id DESC ${take}) c ORDER BY c.id DESC ${take}`;
    rows.push(...(await ctx.pool.query<StoredCheckRow>(sql, params)).rows);
  }
  return rows;
}

/** Decodes rows into check records, fetching their messages in one query. */
export async function toRecords(ctx: PgContext, serviceId: string, rows: readonly StoredCheckRow[]): Promise<CheckRecord[]> {
  const ids = new Set<number>();
  for (const r of rows) messageIdsOf(r.attempts, ids);
  await ctx.loadMessages(ids);
  return rows.map((row) => checkFromRow(serviceId, row, (id) => ctx.messageText(id)));
}
