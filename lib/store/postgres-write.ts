import type { PoolClient } from "pg";
import type { CheckRecord } from "@/lib/model";
import type { ServiceCounters } from "@/lib/model";
import { encodeAttempts, packFlags } from "@/lib/store/codec";
import type { PgContext } from "@/lib/store/postgres-context";
import { addToSpans, type SpanDelta } from "@/lib/store/spans";

const INSERT_CHECKS = `INSERT INTO checks (id, started_at, service, duration_ms, flags, attempts)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::int[], $6::bytea[])
  ON CONFLICT DO NOTHING`;
// Spans of one (service, slot) may be written by two instances around a hand-over: the upsert adds.
const UPSERT_SPANS = `INSERT INTO spans (service, slot, first_id, last_id, flags, checks, failed, retries, timeouts)
  SELECT * FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])
  ON CONFLICT (service, slot) DO UPDATE SET
    first_id = least(spans.first_id, excluded.first_id), last_id = greatest(spans.last_id, excluded.last_id),
    flags = spans.flags | excluded.flags, checks = spans.checks + excluded.checks, failed = spans.failed + excluded.failed,
    retries = spans.retries + excluded.retries, timeouts = spans.timeouts + excluded.timeouts`;
const UPSERT_COUNTERS = `INSERT INTO counters (service, status, pass_streak, clean_streak, fail_streak, since)
  SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::bigint[])
  ON CONFLICT (service) DO UPDATE SET status = excluded.status, pass_streak = excluded.pass_streak,
    clean_streak = excluded.clean_streak, fail_streak = excluded.fail_streak, since = excluded.since`;

/** Writes one batch of checks and counters in a single transaction (a few array statements). */
export async function writePgBatch(ctx: PgContext, client: PoolClient, checks: readonly CheckRecord[], counters: ReadonlyMap<string, ServiceCounters>): Promise<void> {
  await client.query("BEGIN");
  try {
    const services = await ctx.ensureServices(client, [...checks.map((c) => c.serviceId), ...counters.keys()]);
    const used = new Map<string, number>();
    for (const c of checks) for (const a of c.attempts) if (a.message !== undefined) used.set(a.message, Math.max(c.startedAt, used.get(a.message) ?? c.startedAt));
    const messages = await ctx.messageIds(client, used);
    const cols: [number[], number[], number[], number[], number[], Buffer[]] = [[], [], [], [], [], []];
    const spans = new Map<string, SpanDelta>();
    for (const c of checks) {
      const service = services.get(c.serviceId) ?? 0;
      const flags = packFlags(c);
      cols[0].push(c.id);
      cols[1].push(Math.round(c.startedAt));
      cols[2].push(service);
      cols[3].push(Math.max(0, Math.round(c.durationMs)));
      cols[4].push(flags);
      cols[5].push(encodeAttempts(c.startedAt, c.attempts, (text) => messages.get(text) ?? 0));
      addToSpans(spans, service, c, flags);
    }
    if (checks.length > 0) {
      await client.query(INSERT_CHECKS, cols);
      const list = [...spans.values()];
      await client.query(UPSERT_SPANS, (["service", "slot", "first", "last", "flags", "checks", "failed", "retries", "timeouts"] as const).map((k) => list.map((s) => s[k])));
    }
    if (counters.size > 0) {
      const list = [...counters];
      await client.query(UPSERT_COUNTERS, [
        list.map(([name]) => services.get(name) ?? 0),
        list.map(([, k]) => k.status),
        list.map(([, k]) => k.passStreak),
        list.map(([, k]) => k.cleanStreak),
        list.map(([, k]) => k.failStreak),
        list.map(([, k]) => Math.round(k.since)),
      ]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
