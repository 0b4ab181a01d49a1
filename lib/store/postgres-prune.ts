import { countsOfFlags, lastAttemptDuration } from "@/lib/store/codec";
import { withClient, type PgContext } from "@/lib/store/postgres-context";
import { PRUNE_LOCK } from "@/lib/store/postgres-schema";
import { HOUR_MS, hourOf, RollupBuilder } from "@/lib/store/stats";
import type { PruneResult } from "@/lib/store/types";

/** Hours of one service handled per transaction, so a large backlog never holds locks for long. */
const CHUNK_HOURS = 6;

const UPSERT_ROLLUP = `INSERT INTO rollups (service, hour, checks, failed, retries, timeouts, p50, p95, max)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (service, hour) DO UPDATE SET
    p50 = CASE WHEN excluded.checks > rollups.checks THEN excluded.p50 ELSE rollups.p50 END,
    p95 = CASE WHEN excluded.checks > rollups.checks THEN excluded.p95 ELSE rollups.p95 END,
    max = greatest(rollups.max, excluded.max), checks = rollups.checks + excluded.checks, failed = rollups.failed + excluded.failed,
    retries = rollups.retries + excluded.retries, timeouts = rollups.timeouts + excluded.timeouts`;

/** What a prune needs to know. */
export interface PgPruneOptions {
  retentionMs: number;
  rollupRetentionMs: number;
  /** Checked between chunks: a closing store stops pruning early. */
  stopped: () => boolean;
}

/**
 * Rolls up and deletes one service's checks started before `end` in one transaction. The
 * transaction takes an advisory lock first, so instances pruning together take turns and the
 * second finds the chunk already done instead of rolling it up twice.
 */
async function pruneChunk(ctx: PgContext, service: number, end: number, result: PruneResult): Promise<void> {
  await withClient(ctx.pool, async (client) => {
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [PRUNE_LOCK]);
      const range = (await client.query<{ lo: number | null; hi: number | null }>("SELECT min(first_id) AS lo, max(last_id) AS hi FROM spans WHERE service = $1 AND slot < $2", [service, end])).rows[0];
      const lo = range?.lo ?? 0;
      const hi = range?.hi ?? -1;
      const { rows } = await client.query<{ started_at: number; duration_ms: number; flags: number; attempts: Buffer }>(
        "SELECT started_at, duration_ms, flags, attempts FROM checks WHERE service = $1 AND id BETWEEN $2 AND $3 AND started_at < $4",
        [service, lo, hi, end],
      );
      const builders = new Map<number, RollupBuilder>();
      for (const r of rows) {
        const h = hourOf(r.started_at);
        let b = builders.get(h);
        if (!b) builders.set(h, (b = new RollupBuilder(h)));
        b.add(countsOfFlags(r.flags), lastAttemptDuration(r.attempts) ?? r.duration_ms);
      }
      for (const b of builders.values()) {
        const r = b.build();
        await client.query(UPSERT_ROLLUP, [service, r.hour, r.checks, r.failed, r.retries, r.timeouts, r.p50, r.p95, r.max]);
        result.rollups++;
      }
      result.checks += (await client.query("DELETE FROM checks WHERE service = $1 AND id BETWEEN $2 AND $3 AND started_at < $4", [service, lo, hi, end])).rowCount ?? 0;
      await client.query("DELETE FROM spans WHERE service = $1 AND slot < $2", [service, end]);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  });
}

/**
 * Retention (SPEC §6, README.md "Storage"): checks started before the hour that is `retentionMs`
 * old become hourly rollups and are deleted, whole hours at a time; then old rollups and unused
 * messages go. Any instance may run it; the advisory lock keeps concurrent passes correct.
 */
export async function prunePostgres(ctx: PgContext, now: number, options: PgPruneOptions): Promise<PruneResult> {
  const cutoff = hourOf(now - options.retentionMs);
  const result: PruneResult = { checks: 0, rollups: 0 };
  for (const [, service] of await ctx.services()) {
    for (;;) {
      if (options.stopped()) return result;
      const { rows } = await ctx.pool.query<{ first: number | null }>("SELECT min(slot) AS first FROM spans WHERE service = $1 AND slot < $2", [service, cutoff]);
      const first = rows[0]?.first ?? null;
      if (first === null) break;
      await pruneChunk(ctx, service, Math.min(cutoff, hourOf(first) + CHUNK_HOURS * HOUR_MS), result);
    }
  }
  if (options.stopped()) return result;
  await ctx.pool.query("DELETE FROM rollups WHERE hour < $1", [hourOf(now - options.rollupRetentionMs)]);
  if (((await ctx.pool.query("DELETE FROM messages WHERE last_used < $1", [cutoff])).rowCount ?? 0) > 0) ctx.forgetMessages();
  return result;
}
