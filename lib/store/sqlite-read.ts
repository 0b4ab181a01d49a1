import { checkFromRow, outcomeBit, type StoredCheckRow } from "@/lib/store/codec";
import { mergeRanges, type IdRange } from "@/lib/store/spans";
import type { SqliteContext } from "@/lib/store/sqlite-context";
import { slotOf } from "@/lib/store/sqlite-schema";
import type { CheckPage, CheckQuery } from "@/lib/store/types";



const MIN = Number.MIN_SAFE_INTEGER;
const MAX = Number.MAX_SAFE_INTEGER;

/**
 * The id ranges of one service's span slots that overlap [from, to) and hold `bit` (0: any),
 * newest first and merged where they overlap, so scanning them in order stays newest first.
 */
export function spanRanges(ctx: SqliteContext, service: number, from: number | undefined, to: number | undefined, bit: number, before: number): IdRange[] {
  const sql = `SELECT first_id AS lo, last_id AS hi FROM spans WHERE service = ? AND slot >= ? AND slot <= ? AND first_id < ?${bit ? " AND (flags & ?) != 0" : ""}`;
  const params = [service, from === undefined ? MIN : slotOf(from), to === undefined ? MAX : slotOf(to - 1), before];
  if (bit) params.push(bit);
  return mergeRanges((ctx.stmt(sql).all(...params) as IdRange[]).sort((a, b) => b.hi - a.hi));
}

/** A page of one service's checks, newest first (the Store.listChecks contract). */
export function listChecks(ctx: SqliteContext, serviceId: string, q: CheckQuery): CheckPage {
  const service = ctx.serviceId(serviceId);
  if (service === undefined) return { checks: [] };
  const limit = Math.max(1, Math.floor(q.limit));
  const before = q.before ?? MAX;
  const bit = q.outcome ? outcomeBit(q.outcome) : 0;
  // Without filters the (service, id) index is walked directly; with them, the spans say where to look.
  const ranges = q.from !== undefined || q.to !== undefined || bit ? spanRanges(ctx, service, q.from, q.to, bit, before) : [{ lo: MIN, hi: MAX }];
  const where = ["service = ?", "id BETWEEN ? AND ?"];
  if (q.from !== undefined) where.push("started_at >= ?");
  if (q.to !== undefined) where.push("started_at < ?");
  if (bit) where.push("(flags & ?) != 0");
  const stmt = ctx.stmt(`SELECT id, started_at, duration_ms, flags, attempts FROM checks WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`);
  const rows: StoredCheckRow[] = [];
  for (const r of ranges) {
    const hi = Math.min(r.hi, before - 1);
    if (hi < r.lo) continue;
    const params: number[] = [service, r.lo, hi];
    if (q.from !== undefined) params.push(q.from);
    if (q.to !== undefined) params.push(q.to);
    if (bit) params.push(bit);
    params.push(limit + 1 - rows.length);
    rows.push(...(stmt.all(...params) as StoredCheckRow[]));
    if (rows.length > limit) break;
  }
  const checks = rows.slice(0, limit).map((row) => checkFromRow(serviceId, row, (id) => ctx.messageText(id)));
  const last = checks[checks.length - 1];
  return rows.length > limit && last ? { checks, next: last.id } : { checks };
}

