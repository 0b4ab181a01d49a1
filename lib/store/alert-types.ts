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

/** Incidents, the notification queue and silences; small and written synchronously. */
export interface AlertStore {
  openIncident(root: string, startedAt: number, affected: string[]): IncidentRecord;
  setAffected(id: number, affected: string[]): void;
  closeIncident(id: number, endedAt: number): void;
  openIncidents(): IncidentRecord[];
  incident(id: number): IncidentRecord | undefined;
  listIncidents(query: IncidentQuery): { incidents: IncidentRecord[]; next?: number };
  /** Queues a delivery; false when one with the same key exists already. */
  enqueue(d: NewDelivery, now: number): boolean;
  /** Whether a delivery with this key was ever queued. */
  hasDelivery(key: string): boolean;
  /** Pending deliveries due by `now`, oldest first. */
  due(now: number, limit: number): DeliveryRecord[];
  /** The earliest `nextAt` of any pending delivery. */
  nextDue(): number | undefined;
  markSending(id: number): void;
  markSent(id: number, at: number): void;
  markRetry(id: number, nextAt: number, error: string): void;
  markFailed(id: number, error: string): void;
  /** Puts deliveries left `sending` by a crash back to `pending`; answers how many. */
  resetSending(): number;
  listDeliveries(query: { incidentId?: number; limit: number; before?: number }): { deliveries: DeliveryRecord[]; next?: number };
  addSilence(s: NewSilence): SilenceRecord;
  /** Silences not ended and not expired at `now` (including those starting later). */
  activeSilences(now: number): SilenceRecord[];
  listSilences(limit: number): SilenceRecord[];
  endSilence(id: number, at: number): boolean;
  /** Records status changes of services (for uptime). */
  logStatuses(changes: readonly StatusChange[]): void;
  /** One service's status changes in [from, to), preceded by the last change before `from`, oldest first. */
  statusLog(service: string, from: number, to: number): StatusChange[];
  /** Every service's log over [from, to), each preceded by its last change before `from`. */
  statusLogAll(from: number, to: number): Map<string, StatusChange[]>;
  /** Each service's latest logged status (to continue the log after a restart). */
  lastStatuses(): Map<string, string>;
  /** Deletes closed incidents (and their deliveries) and silences that ended before `before`. */
  prune(before: number): number;
}
