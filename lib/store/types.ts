import type { CheckCounts, CheckRecord, NewCheck, Outcome, ServiceCounters } from "@/lib/model";
import type { AlertStore, StatusLogStore } from "@/lib/store/alert-types";

/** Filters and paging for a service's check history; newest first. */
export interface CheckQuery {
  /** Only checks started at or after this epoch ms. */
  from?: number;
  /** Only checks started before this epoch ms. */
  to?: number;
  /** Only checks with at least one attempt of this outcome. */
  outcome?: Outcome;
  limit: number;
  /** Paging cursor: only checks with an id below this one. */
  before?: number;
}

/** One page of history; `next` is the cursor for the following page, absent on the last. */
export interface CheckPage {
  checks: CheckRecord[];
  next?: number;
}

/** Totals of every service, by service id, of the checks started in [from, to). */
export interface CountsStep {
  from: number;
  to: number;
  counts: Map<string, CheckCounts>;
}

/** One service's summary of one hour, kept after the raw checks are pruned. */
export interface HourlyRollup extends CheckCounts {
  /** Start of the hour, epoch ms. */
  hour: number;
  /** Latency (the deciding attempt's duration) percentiles and maximum, ms. */
  p50: number;
  p95: number;
  max: number;
}

/** One bucket of a latency chart; percentiles are null when the bucket has no data. */
export interface LatencyPoint {
  /** Start of the bucket, epoch ms. */
  at: number;
  p50: number | null;
  p95: number | null;
  /** How many checks the percentiles were computed from (a sample on long ranges). */
  samples: number;
}

/** What one retention pass removed and summarised. */
export interface PruneResult {
  /** Raw checks deleted. */
  checks: number;
  /** Hourly rollups written or merged. */
  rollups: number;
}

/** Retention settings shared by every store implementation. */
export interface RetentionOptions {
  /** How long raw checks and attempts are kept, ms (README "Operating it" `retention`, default 30 days). */
  retentionMs?: number;
  /** How long hourly rollups are kept, ms (default a year). */
  rollupRetentionMs?: number;
  /** How often the store prunes itself, ms; 0 disables the timer (default an hour). */
  pruneIntervalMs?: number;
}

/** Whether the store is writing; "failing" while writes fail (disk full, read-only) and checks wait in memory. */
export interface StoreHealth {
  status: "ok" | "failing";
  /** When writes began to fail, epoch ms. */
  since?: number;
  /** The last write error. */
  error?: string;
  /** Checks waiting to be written. */
  backlog: number;
  /** Checks dropped because the backlog was full. */
  dropped: number;
}

/** Where checks, attempts and service counters are kept. Passed in, never global. */
export interface Store {
  /** Incidents, the notification queue and silences, kept with the history (SPEC §9). */
  readonly alerts?: AlertStore;
  /** The status log behind uptime (a store without one leaves it to a per-process log). */
  readonly statusLog?: StatusLogStore;
  /** Assigns an id and queues the write off the caller's path; returns the stored record at once. */
  append(check: NewCheck): CheckRecord;
  /** A page of one service's checks, newest first. */
  listChecks(serviceId: string, query: CheckQuery): Promise<CheckPage>;
  /** Saves a service's threshold counters so a restart continues where it was. */
  saveCounters(serviceId: string, counters: ServiceCounters): void;
  /** The counters saved for every service, by id. */
  loadCounters(): Promise<Map<string, ServiceCounters>>;
  /** Totals of one service's checks started in [from, to); `to` defaults to no upper bound. */
  counts(serviceId: string, from: number, to?: number): Promise<CheckCounts>;
  /** Totals of every service with checks started in [from, to), by service id (cards' "last hour"). */
  countsAll(from: number, to?: number): Promise<Map<string, CheckCounts>>;
  /**
   * Totals of every service in steps covering [from, to), oldest first. Steps follow the store's
   * own summaries (whatever is cheapest for the backend), so callers never know its time slots.
   */
  countsAllInSteps(from: number, to: number): Promise<CountsStep[]>;
  /** One service's hourly rollups with `hour` in [from, to), oldest first. */
  rollups(serviceId: string, from: number, to: number): Promise<HourlyRollup[]>;
  /** Latency p50/p95 of one service in `buckets` equal slices of [from, to), oldest first. */
  latencySeries(serviceId: string, from: number, to: number, buckets: number): Promise<LatencyPoint[]>;
  /** Rolls up and deletes checks older than the retention, and rollups older than theirs. */
  prune(now: number): Promise<PruneResult>;
  /** Writes everything queued. */
  flush(): Promise<void>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
  /** Whether background writes succeed; a store without background writes is always "ok". */
  health?(): StoreHealth;
}
