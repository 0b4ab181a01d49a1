import type { CheckRecord } from "@/lib/model";
import type { ServiceCounters } from "@/lib/model";
import type { PgContext } from "@/lib/store/postgres-context";
import type { StoredCheckRow } from "@/lib/store/codec";
import { toRecords } from "@/lib/store/postgres-read";
import { SLOT_MS, slotOf } from "@/lib/store/sqlite-schema";

/** A stored check with its service's counters as they are now. */
export interface FedCheck {
  check: CheckRecord;
  counters?: ServiceCounters;
}

interface FeedRow extends StoredCheckRow {
  name: string;
  status: ServiceCounters["status"] | null;
  pass_streak: number;
  clean_streak: number;
  fail_streak: number;
  since: number;
}

/**
 * Every service's checks with an id above `afterId`, oldest first, at most `limit`: the polling
 * fallback of the live relay (README.md "Several instances"). Span slots narrow it to the
 * services written lately, so it costs a few index probes, not a scan.
 */
export async function checksAfter(ctx: PgContext, afterId: number, limit = 2_000): Promise<FedCheck[]> {
  const fromSlot = slotOf(Math.floor(afterId / 1024)) - SLOT_MS;
  const { rows } = await ctx.pool.query<FeedRow>(
    `SELECT sv.name, c.id, c.started_at, c.duration_ms, c.flags, c.attempts, k.status, k.pass_streak, k.clean_streak, k.fail_streak, k.since
     FROM spans sp JOIN checks c ON c.service = sp.service AND c.id BETWEEN greatest(sp.first_id, $1::bigint + 1) AND sp.last_id
     JOIN services sv ON sv.id = c.service LEFT JOIN counters k ON k.service = c.service
     WHERE sp.slot >= $2 AND sp.last_id > $1::bigint ORDER BY c.id LIMIT $3`,
    [afterId, fromSlot, limit],
  );
  const out: FedCheck[] = [];
  for (const r of rows) {
    const [check] = await toRecords(ctx, r.name, [r]);
    if (!check) continue;
    const fed: FedCheck = { check };
    if (r.status !== null) fed.counters = { status: r.status, passStreak: r.pass_streak, cleanStreak: r.clean_streak, failStreak: r.fail_streak, since: r.since };
    out.push(fed);
  }
  return out;
}
