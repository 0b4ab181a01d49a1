import { countsOfFlags, lastAttemptDuration } from "@/lib/store/codec";
import type { SqliteContext } from "@/lib/store/sqlite-context";
import { HOUR_MS, hourOf, RollupBuilder } from "@/lib/store/stats";
import type { PruneResult } from "@/lib/store/types";

/** Hours of one service handled per transaction, so a large backlog never blocks the loop for long. */
const CHUNK_HOURS = 6;

const UPSERT_ROLLUP = `INSERT INTO rollups (service, hour, checks, failed, retries, timeouts, p50, p95, max)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (service, hour) DO UPDATE SET
    p50 = CASE WHEN excluded.checks > checks THEN excluded.p50 ELSE p50 END,
    p95 = CASE WHEN excluded.checks > checks THEN excluded.p95 ELSE p95 END,
    max = max(max, excluded.max), checks = checks + excluded.checks, failed = failed + excluded.failed,
    retries = retries + excluded.retries, timeouts = timeouts + excluded.timeouts`;

/** What a prune needs to know. */
export interface PruneOptions {
  retentionMs: number;
  rollupRetentionMs: number;
  /** Checked between chunks: a closing store stops pruning early. */
  stopped: () => boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rolls up and deletes the checks of one service started before `end`, in one transaction. */
function pruneChunk(ctx: SqliteContext, service: number, end: number, result: PruneResult): void {
  ctx.db.transaction(() => {
    const range = ctx.stmt("SELECT min(first_id) AS lo, max(last_id) AS hi FROM spans WHERE service = ? AND slot < ?").get(service, end) as { lo: number | null; hi: number | null };
    if (range.lo !== null && range.hi !== null) {
      const builders = new Map<number, RollupBuilder>();
      const read = ctx.stmt("SELECT started_at, duration_ms, flags, attempts FROM checks WHERE service = ? AND id BETWEEN ? AND ? AND started_at < ?").raw(true);
      for (const [at, duration, flags, blob] of read.iterate(service, range.lo, range.hi, end) as Iterable<[number, number, number, Buffer]>) {
        const h = hourOf(at);
        let b = builders.get(h);
        if (!b) builders.set(h, (b = new RollupBuilder(h)));
        b.add(countsOfFlags(flags), lastAttemptDuration(blob) ?? duration);
      }
      const upsert = ctx.stmt(UPSERT_ROLLUP);
      for (const b of builders.values()) {
        const r = b.build();
        upsert.run(service, r.hour, r.checks, r.failed, r.retries, r.timeouts, r.p50, r.p95, r.max);
        result.rollups++;
      }
      result.checks += ctx.stmt("DELETE FROM checks WHERE service = ? AND id BETWEEN ? AND ? AND started_at < ?").run(service, range.lo, range.hi, end).changes;
    }
    ctx.stmt("DELETE FROM spans WHERE service = ? AND slot < ?").run(service, end);
  })();
}

/**
 * Retention (README "Operating it"): checks started before the hour that is `retentionMs` old are summarised
 * into hourly rollups and deleted, whole hours at a time so each rollup sees a complete hour;
 * rollups past their own retention and messages no kept check uses go too; free pages return to
 * the file system once they exceed an eighth of the pages in use.
 */
export async function pruneSqlite(ctx: SqliteContext, now: number, options: PruneOptions): Promise<PruneResult> {
  const cutoff = hourOf(now - options.retentionMs);
  const result: PruneResult = { checks: 0, rollups: 0 };
  // One key seek per known service; a DISTINCT over spans would scan the whole table.
  for (const [, service] of ctx.services()) {
    for (;;) {
      if (options.stopped()) return result;
      const first = ctx.stmt("SELECT min(slot) FROM spans WHERE service = ? AND slot < ?").pluck().get(service, cutoff) as number | null;
      if (first === null) break;
      pruneChunk(ctx, service, Math.min(cutoff, hourOf(first) + CHUNK_HOURS * HOUR_MS), result);
      await nextTurn();
    }
  }
  if (options.stopped()) return result;
  const rollupCutoff = hourOf(now - options.rollupRetentionMs);
  const dropRollups = ctx.stmt("DELETE FROM rollups WHERE service = ? AND hour < ?");
  ctx.db.transaction(() => {
    for (const [, id] of ctx.services()) dropRollups.run(id, rollupCutoff);
  })();
  if (ctx.stmt("DELETE FROM messages WHERE last_used < ?").run(cutoff).changes > 0) ctx.forgetMessages();
  const free = ctx.db.pragma("freelist_count", { simple: true }) as number;
  const pages = ctx.db.pragma("page_count", { simple: true }) as number;
  const used = pages - free;
  if (free > used / 8) {
    ctx.db.pragma(`incremental_vacuum(${free - Math.floor(used / 16)})`);
    ctx.db.pragma("wal_checkpoint(TRUNCATE)");
  }
  return result;
}
