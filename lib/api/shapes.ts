import type { Uptime } from "@/lib/incidents/uptime";
// The JSON shapes of the HTTP API, in one place: the server builds them and the browser reads
// them. Types only, so client components may import this module.
import type { Timing } from "@/lib/config/schema";
import type { CheckCounts, Outcome, Phase, Status, Trigger } from "@/lib/model";

/** The last check as `/api/status` shows it. */
export interface LastCheckView {
  at: string;
  durationMs: number;
  attempts: number;
  outcome: Outcome;
  message: string | null;
  passed: boolean;
}

/** One service as `/api/status` shows it. */
export interface ServiceView {
  id: string;
  name: string;
  group: string;
  type: string;
  target: string;
  status: Status;
  /** Root causes when `blocked`. */
  blockedBy: string[];
  /** The deepest required dependencies not ready yet when `waiting`. */
  waitingFor: string[];
  /** Consecutive failed checks counted toward `failureThreshold` ("1 of 3 failures"). */
  failures: { count: number; threshold: number };
  since: string;
  lastCheck: LastCheckView | null;
  dependsOn: { id: string; optional: boolean }[];
  /** Checks, failures, retries and timeouts of the last hour. */
  recent: CheckCounts;
  /** Uptime percentage over the last 24 h (null without data); on `/api/status` only. */
  uptime24h?: number | null;
  /** Set when the service was found by discovery, not written in the config file. */
  discovered?: DiscoveredView;
}

/** Where a discovered service comes from. */
export interface DiscoveredView {
  by: "docker";
  container: string;
  project?: string;
  composeService?: string;
}

/** How this instance sees the others sharing its database (README.md "Several instances"). */
export interface ClusterView {
  instance: string;
  instances: number;
  /** Services this instance schedules. */
  owned: number;
  /** Whether this instance drives incidents and notifications for all of them. */
  alerting: boolean;
  /** How checks of other instances arrive. */
  relay: "notify" | "polling";
  /** Set when live instances run configs that differ from this one's. */
  configDiffers?: string;
}

/** The body of `GET /api/status`. */
export interface StatusView {
  generatedAt: string;
  configError?: string;
  /** Present while the history store cannot write (disk full, read-only). */
  storage?: StorageView;
  /** Present when several instances share a PostgreSQL database. */
  cluster?: ClusterView;
  services: ServiceView[];
  order: string[][];
}

/** A failing history store, as `/api/status` and the banner show it. */
export interface StorageView {
  status: "failing";
  since: string;
  error: string;
  /** Checks waiting in memory to be written. */
  backlog: number;
  /** Checks dropped because the backlog was full. */
  dropped: number;
}

/** One attempt as the API shows it. */
export interface AttemptItem {
  n: number;
  startedAt: string;
  durationMs: number;
  outcome: Outcome;
  phase?: Phase;
  message?: string;
  backoffMs?: number;
}

/** One check as `GET /api/services/{id}/checks` and `POST …/check` show it. */
export interface CheckItem {
  id: number;
  startedAt: string;
  durationMs: number;
  trigger: Trigger;
  passed: boolean;
  attempts: AttemptItem[];
}

/** A neighbour in the dependency graph with its live status. */
export interface LinkedService {
  id: string;
  optional: boolean;
  status: Status;
}

/** The body of `GET /api/services/{id}`. */
export interface ServiceDetail extends Omit<ServiceView, "dependsOn"> {
  dependsOn: LinkedService[];
  dependents: LinkedService[];
  /** The check config with passwords in URLs and secret fields and headers masked. */
  check: Record<string, unknown>;
  /** Interval, timeout, retries, backoff and thresholds, in ms. */
  timing: Timing;
  /** Uptime over 24 h, 7 d, 30 d and 90 d. */
  uptime: Record<"24h" | "7d" | "30d" | "90d", UptimeView>;
}

/** The body of `GET /api/services/{id}/checks`: newest first; `next` is the `before` of the following page. */
export interface ChecksPage {
  checks: CheckItem[];
  next?: number;
}

/** The body of `GET /api/services/{id}/latency`. */
export interface LatencyView {
  from: string;
  to: string;
  points: { at: string; p50: number | null; p95: number | null; samples: number }[];
  /** Checks, failures, retries and timeouts in [from, to). */
  counts: CheckCounts;
}

/** One service in the `GET /api/startup` body; times are ISO strings, durations milliseconds. */
export interface StartupServiceView {
  id: string;
  status: Status;
  wave: number;
  startedAt: string;
  readyAt: string | null;
  readyAfterMs: number | null;
  gateOpenAt: string | null;
  waitedMs: number | null;
  waitedOn: string | null;
  waitingFor: string[];
}

/** The body of `GET /api/startup`: the start-up timeline, its critical path (first service first) and the waves. */
export interface StartupView {
  generatedAt: string;
  origin: string;
  complete: boolean;
  lastReady: string | null;
  totalMs: number | null;
  criticalPath: string[];
  order: string[][];
  services: StartupServiceView[];
}

/** The body of `GET /api/ready/{id}`. */
export type ReadyView =
  | { ready: true; id: string; dependencies: { id: string; status: Status }[] }
  | { ready: false; id: string; waitingFor: { id: string; status: Status }[]; dependencies: { id: string; status: Status }[] };

/** The `check` event of `GET /api/events`: a finished check and the service's new status. */
export interface CheckEventView {
  id: string;
  status: Status;
  /** Failed checks counted toward the threshold after this one. */
  failures?: { count: number; threshold: number };
  check: { id: number; startedAt: string; durationMs: number; trigger: Trigger; passed: boolean; attempts: number; outcome: Outcome; message: string | null };
}

/** One service's graph-applied status, as a `status` event carries it. */
export interface StatusChangeView {
  id: string;
  status: Status;
  blockedBy: string[];
  waitingFor: string[];
}

/** The `status` event of `GET /api/events`: every service whose status changed with one check, dependents included. */
export interface StatusEventView {
  at: string;
  services: StatusChangeView[];
}

/** The `config` event of `GET /api/events`: a config reload, or a rejected one. */
export interface ConfigEventView {
  ok: boolean;
  error?: string;
  at: string;
}

/** Uptime of one service over one range (README "Uptime"); defined with its computation. */
export type UptimeView = Uptime;

/** One incident (SPEC §9) in `GET /api/incidents` and the `incident` event. */
export interface IncidentView {
  id: number;
  root: string;
  startedAt: string;
  endedAt: string | null;
  open: boolean;
  /** Until now while open. */
  durationMs: number;
  /** Services it blocked or kept waiting. */
  affected: string[];
}

/** The `incident` event of `GET /api/events`. */
export interface IncidentEventView {
  change: "opened" | "updated" | "closed";
  incident: IncidentView;
}

/** One entry of the notification log (`GET /api/notifications`). */
export interface DeliveryView {
  id: number;
  incidentId: number | null;
  channel: string;
  kind: string;
  state: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  /** When the next try is due, while pending. */
  nextAt: string | null;
  error: string | null;
}

/** An ad-hoc silence (`/api/silences`). */
export interface SilenceView {
  id: number;
  services: string[];
  groups: string[];
  reason: string;
  createdBy: string;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  active: boolean;
}

/** One re-checked dependent in a `POST /api/services/{id}/check?downstream=1` answer. */
export interface DownstreamItem {
  id: string;
  checkId: number;
  passed: boolean;
  attempts: number;
  outcome: Outcome;
  durationMs: number;
  status: Status;
}

/** The body of `POST /api/services/{id}/check`. */
export interface ManualCheckResult {
  check: CheckItem;
  /** The service after the check, as `/api/status` shows it. */
  service: ServiceView;
  downstream?: { checked: number; passed: number; failed: number; services: DownstreamItem[] };
}

/** The body of `POST /api/check`. */
export interface CheckAllSummary {
  /** The group asked for, when one was. */
  group?: string;
  checked: number;
  passed: number;
  failed: number;
  /** Statuses of the checked services once every check finished. */
  byStatus: Partial<Record<Status, number>>;
  durationMs: number;
}

/** A frozen status behind a share link: everything, or one service with its neighbours and recent checks. */
export interface Snapshot {
  version: 1;
  takenAt: string;
  expiresAt: string;
  /** Set for a one-service snapshot. */
  service?: string;
  /** The history window of `checks`, e.g. "1h". */
  range?: string;
  status: StatusView;
  checks?: CheckItem[];
}

/** The body of `POST /api/share`. */
export interface ShareLink {
  url: string;
  token: string;
  expiresAt: string;
}
