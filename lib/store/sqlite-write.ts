import type { CheckRecord, ServiceCounters } from "@/lib/model";
import { encodeAttempts, packFlags } from "@/lib/store/codec";
import { addToSpans, type SpanDelta } from "@/lib/store/spans";
import type { SqliteContext } from "@/lib/store/sqlite-context";

const INSERT_CHECK = "INSERT INTO checks (id, service, started_at, duration_ms, flags, attempts) VALUES (?, ?, ?, ?, ?, ?)";
const UPSERT_SPAN = `INSERT INTO spans (service, slot, first_id, last_id, flags, checks, failed, retries, timeouts)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (service, slot) DO UPDATE SET
    first_id = min(first_id, excluded.first_id), last_id = max(last_id, excluded.last_id),
    flags = flags | excluded.flags, checks = checks + excluded.checks, failed = failed + excluded.failed,
    retries = retries + excluded.retries, timeouts = timeouts + excluded.timeouts`;
const UPSERT_COUNTERS = `INSERT INTO counters (service, status, pass_streak, clean_streak, fail_streak, since)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (service) DO UPDATE SET status = excluded.status, pass_streak = excluded.pass_streak,
    clean_streak = excluded.clean_streak, fail_streak = excluded.fail_streak, since = excluded.since`;
const SAVE_LAST_ID = "INSERT INTO meta (key, value) VALUES ('last_id', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)";

/** Writes one batch of checks and counters in a single transaction. */
export function writeBatch(ctx: SqliteContext, checks: readonly CheckRecord[], counters: ReadonlyMap<string, ServiceCounters>): void {
  ctx.db.transaction(() => {
    const insert = ctx.stmt(INSERT_CHECK);
    const spans = new Map<string, SpanDelta>();
    let lastId = 0;
    for (const c of checks) {
      const service = ctx.ensureService(c.serviceId);
      const flags = packFlags(c);
      const blob = encodeAttempts(c.startedAt, c.attempts, (text) => ctx.messageId(text, c.startedAt));
      insert.run(c.id, service, Math.round(c.startedAt), Math.max(0, Math.round(c.durationMs)), flags, blob);
      lastId = Math.max(lastId, c.id);
      addToSpans(spans, service, c, flags);
    }
    const upsertSpan = ctx.stmt(UPSERT_SPAN);
    for (const s of spans.values()) upsertSpan.run(s.service, s.slot, s.first, s.last, s.flags, s.checks, s.failed, s.retries, s.timeouts);
    ctx.touchMessages();
    const upsertCounters = ctx.stmt(UPSERT_COUNTERS);
    for (const [name, k] of counters) upsertCounters.run(ctx.ensureService(name), k.status, k.passStreak, k.cleanStreak, k.failStreak, k.since);
    if (lastId > 0) ctx.stmt(SAVE_LAST_ID).run(lastId);
  })();
}
