import { UPTIME_RANGES, uptimeOf, type Uptime, type UptimeRange } from "@/lib/incidents/uptime";
import type { Logger } from "@/lib/log";
import type { StatusChange, StatusLogStore } from "@/lib/store/alert-types";

const CARD_TTL_MS = 60_000;

/**
 * The status log behind uptime (README.md "Uptime"): writes each change of a service's shown
 * status, and answers uptime per range. The cards' 24-hour figures for every service come from one
 * query, cached for a minute, so `/api/status` stays cheap at a thousand services.
 */
export class StatusBook {
  private logged = new Map<string, string>();
  private cards?: { at: number; values: Map<string, number | null> };

  constructor(private readonly store: StatusLogStore, private readonly log?: Logger) {}

  /** Continues the log where the last run left it. */
  load(): void {
    this.logged = this.store.lastStatuses();
  }

  /** Writes every service whose status differs from the last one written. */
  record(statuses: Iterable<[string, { status: string }]>, now = Date.now()): void {
    const changes: StatusChange[] = [];
    for (const [id, g] of statuses) {
      if (this.logged.get(id) === g.status) continue;
      this.logged.set(id, g.status);
      changes.push({ service: id, at: now, status: g.status });
    }
    try {
      this.store.logStatuses(changes);
    } catch (err) {
      this.log?.log("error", "status_log_failed", { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** One service's uptime over 24 h, 7 d, 30 d and 90 d, from one read of its 90-day log. */
  uptime(id: string, now = Date.now()): Record<UptimeRange, Uptime> {
    const log = this.store.statusLog(id, now - UPTIME_RANGES["90d"], now);
    const out = {} as Record<UptimeRange, Uptime>;
    for (const [range, ms] of Object.entries(UPTIME_RANGES) as [UptimeRange, number][]) {
      const from = now - ms;
      // Each range starts from the last change before its own start.
      let first = 0;
      for (let i = 0; i < log.length; i++) if (log[i]!.at < from) first = i;
      out[range] = uptimeOf(log.slice(first), from, now);
    }
    return out;
  }

  /** Every service's 24-hour uptime percentage (null without data), for the cards. */
  uptime24h(now = Date.now()): Map<string, number | null> {
    if (this.cards && now - this.cards.at < CARD_TTL_MS) return this.cards.values;
    const from = now - UPTIME_RANGES["24h"];
    const values = new Map<string, number | null>();
    try {
      for (const [id, log] of this.store.statusLogAll(from, now)) values.set(id, uptimeOf(log, from, now).percent);
    } catch (err) {
      this.log?.log("error", "status_log_failed", { error: err instanceof Error ? err.message : String(err) });
    }
    this.cards = { at: now, values };
    return values;
  }
}
