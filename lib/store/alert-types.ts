/** One incident: a root cause's outage and what it blocked or kept waiting (SPEC §9). */
export interface IncidentRecord {
  id: number;
  /** The root cause service id. */
  root: string;
  startedAt: number;
  /** When the root stopped being down; absent while open. */
  endedAt?: number;
  /** Services it blocked or kept waiting, sorted; only grows while open. */
  affected: string[];
}

/** Filters and paging of the incident list; newest first. */
export interface IncidentQuery {
  from?: number;
  to?: number;
  /** Incidents whose root is this service, or that affected it. */
  service?: string;
  /** Only open (true) or only closed (false) incidents. */
  open?: boolean;
  limit: number;
  /** Paging cursor: incidents with an id below this one. */
  before?: number;
}

/** Where a delivery is. Stored as these exact words. */
export type DeliveryState = "pending" | "sending" | "sent" | "failed";

/** One queued notification to one channel. */
export interface DeliveryRecord {
  id: number;
  /** Unique per (incident, channel, kind, reminder number): enqueueing twice is a no-op. */
  key: string;
  incidentId: number;
  channel: string;
  kind: string;
  /** The notice as JSON, built when it was queued. */
  notice: string;
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due, epoch ms. */
  nextAt: number;
  createdAt: number;
  sentAt?: number;
  /** The last failure, scrubbed. */
  error?: string;
}

/** A delivery to queue. */
export type NewDelivery = Pick<DeliveryRecord, "key" | "incidentId" | "channel" | "kind" | "notice">;

/** An ad-hoc silence: services and groups in `maintenance` from start to end, with who and why. */
export interface SilenceRecord {
  id: number;
  services: string[];
  groups: string[];
  reason: string;
  createdBy: string;
  startsAt: number;
  endsAt: number;
  /** Set when ended early (DELETE). */
  endedAt?: number;
}

/** A service's shown status from `at` on. */
export interface StatusChange {
  service: string;
  at: number;
  status: string;
}

/** A silence to create. */
export type NewSilence = Omit<SilenceRecord, "id" | "endedAt">;

/**
 * Incidents, the notification queue and silences (SPEC §9). Every call is a `Promise`: with
 * PostgreSQL these rows are shared by every instance, so each write is the database's decision
 * (one open incident per root, one delivery per key, one sender per delivery), never a local copy's.
 */
export interface AlertStore {
  /** Opens the root's incident, or answers the one already open for it (one open incident per root). */
  openIncident(root: string, startedAt: number, affected: string[]): Promise<IncidentRecord>;
  setAffected(id: number, affected: string[]): Promise<void>;
  closeIncident(id: number, endedAt: number): Promise<void>;
  openIncidents(): Promise<IncidentRecord[]>;
  /** Incidents closed at or after `since`, oldest first (a new driver plans their resolves once). */
  closedSince(since: number): Promise<IncidentRecord[]>;
  incident(id: number): Promise<IncidentRecord | undefined>;
  listIncidents(query: IncidentQuery): Promise<{ incidents: IncidentRecord[]; next?: number }>;
  /** Queues a delivery; false when one with the same key exists already. */
  enqueue(d: NewDelivery, now: number): Promise<boolean>;
  /** Whether a delivery with this key was ever queued. */
  hasDelivery(key: string): Promise<boolean>;
  /**
   * Claims up to `limit` deliveries due by `now` (pending, or `sending` by a sender whose claim ran
   * out) for `claimMs`: marks them `sending`, counts the attempt and answers them. No two callers
   * ever hold one delivery at once.
   */
  claimDue(now: number, limit: number, claimMs: number): Promise<DeliveryRecord[]>;
  /** The earliest `nextAt` of any pending delivery. */
  nextDue(): Promise<number | undefined>;
  markSent(id: number, at: number): Promise<void>;
  markRetry(id: number, nextAt: number, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Puts deliveries whose sender is gone back to `pending`; answers how many. */
  resetSending(): Promise<number>;
  listDeliveries(query: { incidentId?: number; limit: number; before?: number }): Promise<{ deliveries: DeliveryRecord[]; next?: number }>;
  addSilence(s: NewSilence): Promise<SilenceRecord>;
  /** Silences not ended and not expired at `now` (including those starting later). */
  activeSilences(now: number): Promise<SilenceRecord[]>;
  listSilences(limit: number): Promise<SilenceRecord[]>;
  endSilence(id: number, at: number): Promise<boolean>;
  /** Deletes closed incidents (and their deliveries) and silences that ended before `before`. */
  prune(before: number): Promise<number>;
}

/** The status log behind uptime; small, written synchronously, kept by each process's own store. */
export interface StatusLogStore {
  /** Records status changes of services (for uptime). */
  logStatuses(changes: readonly StatusChange[]): void;
  /** One service's status changes in [from, to), preceded by the last change before `from`, oldest first. */
  statusLog(service: string, from: number, to: number): StatusChange[];
  /** Every service's log over [from, to), each preceded by its last change before `from`. */
  statusLogAll(from: number, to: number): Map<string, StatusChange[]>;
  /** Each service's latest logged status (to continue the log after a restart). */
  lastStatuses(): Map<string, string>;
}
