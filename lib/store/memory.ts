import type { CheckCounts, CheckRecord, NewCheck, ServiceCounters } from "@/lib/model";
import { CheckIdGenerator } from "@/lib/store/check-id";
import { addCounts, buildSeries, countsInSteps, countsOfCheck, DEFAULT_RETENTION_MS, DEFAULT_ROLLUP_RETENTION_MS, emptyCounts, HOUR_MS, hourOf, latencyOf, mergeRollups, RollupBuilder } from "@/lib/store/stats";
import type { CheckPage, CheckQuery, CountsStep, HourlyRollup, LatencyPoint, PruneResult, RetentionOptions, Store } from "@/lib/store/types";
import { copyCheck } from "@/lib/store/copy";

/** An in-memory store for tests and as a fallback when no database can be opened; lost on exit. */
export class MemoryStore implements Store {
  private readonly ids = new CheckIdGenerator();
  private readonly checks = new Map<string, CheckRecord[]>();
  private readonly hourly = new Map<string, Map<number, HourlyRollup>>();
  private readonly counters = new Map<string, ServiceCounters>();
  private readonly retentionMs: number;
  private readonly rollupRetentionMs: number;
  private readonly timer?: ReturnType<typeof setInterval>;

  constructor(options: RetentionOptions = {}) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.rollupRetentionMs = options.rollupRetentionMs ?? DEFAULT_ROLLUP_RETENTION_MS;
    const every = options.pruneIntervalMs ?? HOUR_MS;
    if (every > 0) {
      this.timer = setInterval(() => void this.prune(Date.now()), every);
      this.timer.unref();
    }
  }

  append(check: NewCheck): CheckRecord {
    const record: CheckRecord = { ...copyCheck(check), id: this.ids.next(check.startedAt) };
    let list = this.checks.get(check.serviceId);
    if (!list) this.checks.set(check.serviceId, (list = []));
    list.push(record);
    return copyCheck(record);
  }

  async listChecks(serviceId: string, query: CheckQuery): Promise<CheckPage> {
    const list = this.checks.get(serviceId) ?? [];
    const limit = Math.max(1, Math.floor(query.limit));
    const out: CheckRecord[] = [];
    // Ids grow with appends, so walking backwards is newest first.
    for (let i = list.length - 1; i >= 0 && out.length <= limit; i--) {
      const c = list[i];
      if (!c || !matches(c, query)) continue;
      out.push(c);
    }
    const more = out.length > limit;
    const checks = out.slice(0, limit).map((c) => copyCheck(c));
    const last = checks[checks.length - 1];
    return more && last ? { checks, next: last.id } : { checks };
  }

  saveCounters(serviceId: string, counters: ServiceCounters): void {
    this.counters.set(serviceId, { ...counters });
  }

  async loadCounters(): Promise<Map<string, ServiceCounters>> {
    return new Map([...this.counters].map(([k, v]) => [k, { ...v }]));
  }

  async counts(serviceId: string, from: number, to = Infinity): Promise<CheckCounts> {
    const total = emptyCounts();
    for (const c of this.checks.get(serviceId) ?? []) if (c.startedAt >= from && c.startedAt < to) addCounts(total, countsOfCheck(c.passed, c.attempts));
    return total;
  }

  async countsAll(from: number, to = Infinity): Promise<Map<string, CheckCounts>> {
    const out = new Map<string, CheckCounts>();
    for (const id of this.checks.keys()) {
      const c = await this.counts(id, from, to);
      if (c.checks > 0) out.set(id, c);
    }
    return out;
  }

  countsAllInSteps(from: number, to: number): Promise<CountsStep[]> {
    return countsInSteps((a, b) => this.countsAll(a, b), from, to, 10 * 60_000);
  }

  async rollups(serviceId: string, from: number, to: number): Promise<HourlyRollup[]> {
    const hours = this.hourly.get(serviceId) ?? new Map<number, HourlyRollup>();
    return [...hours.values()].filter((r) => r.hour >= from && r.hour < to).sort((a, b) => a.hour - b.hour).map((r) => ({ ...r }));
  }

  async latencySeries(serviceId: string, from: number, to: number, buckets: number): Promise<LatencyPoint[]> {
    const samples = (this.checks.get(serviceId) ?? []).map((c) => ({ at: c.startedAt, latency: latencyOf(c.attempts, c.durationMs) }));
    return buildSeries(from, to, buckets, samples, await this.rollups(serviceId, from - HOUR_MS, to));
  }

  async prune(now: number): Promise<PruneResult> {
    // Whole hours only, so every rollup is computed from a complete hour.
    const cutoff = hourOf(now - this.retentionMs);
    const rollupCutoff = hourOf(now - this.rollupRetentionMs);
    const result: PruneResult = { checks: 0, rollups: 0 };
    for (const [serviceId, list] of this.checks) {
      const builders = new Map<number, RollupBuilder>();
      const keep: CheckRecord[] = [];
      for (const c of list) {
        if (c.startedAt >= cutoff) {
          keep.push(c);
          continue;
        }
        const h = hourOf(c.startedAt);
        let b = builders.get(h);
        if (!b) builders.set(h, (b = new RollupBuilder(h)));
        b.add(countsOfCheck(c.passed, c.attempts), latencyOf(c.attempts, c.durationMs));
      }
      result.checks += list.length - keep.length;
      this.checks.set(serviceId, keep);
      let hours = this.hourly.get(serviceId);
      if (!hours) this.hourly.set(serviceId, (hours = new Map()));
      for (const b of builders.values()) {
        const r = b.build();
        const old = hours.get(r.hour);
        hours.set(r.hour, old ? mergeRollups(old, r) : r);
        result.rollups++;
      }
    }
    for (const hours of this.hourly.values()) for (const h of hours.keys()) if (h < rollupCutoff) hours.delete(h);
    return result;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}

function matches(c: CheckRecord, q: CheckQuery): boolean {
  if (q.before !== undefined && c.id >= q.before) return false;
  if (q.from !== undefined && c.startedAt < q.from) return false;
  if (q.to !== undefined && c.startedAt >= q.to) return false;
  if (q.outcome !== undefined && !c.attempts.some((a) => a.outcome === q.outcome)) return false;
  return true;
}
