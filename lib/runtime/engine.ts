import { checkTypeOf } from "@/lib/checks";
import type { Config, ConfigIssue, ServiceConfig } from "@/lib/config/load";
import { collectSecrets, scrubber } from "@/lib/config/redact";
import { ShuttingDownError } from "@/lib/errors";
import { waves } from "@/lib/graph";
import type { Logger } from "@/lib/log";
import { MetricsCollector } from "@/lib/metrics/collector";
import type { CheckCounts, CheckRecord, ClusterState, ServiceCounters, Trigger } from "@/lib/model";
import { EventBus, type CheckNews, type ConfigNews, type IncidentNews, type StatusNews } from "@/lib/runtime/events";
import { channelSecrets } from "@/lib/config/notify-schema";
import type { Uptime, UptimeRange } from "@/lib/incidents/uptime";
import { Alerting, type AlertingOptions, type AlertNews } from "@/lib/runtime/alerting";
import { StatusBook } from "@/lib/runtime/status-book";
import type { LinkMaker } from "@/lib/notify/planner";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";
import { ManualLimiter } from "@/lib/runtime/manual-limiter";
import { RecentWindow } from "@/lib/runtime/recent";
import { seedRecent } from "@/lib/runtime/recent-seed";
import { StartupWatch } from "@/lib/runtime/startup";
import type { GraphState, GraphStatuses } from "@/lib/graph";
import { issuesText, liveStatuses, withMaintenance, type Derived } from "@/lib/runtime/derive";
import { probeThread, type ProbeThreadOptions } from "@/lib/scheduler/probe-thread";
import { Scheduler, type ServiceRuntime } from "@/lib/scheduler/scheduler";
import type { CheckPage, CheckQuery, LatencyPoint, Store, StoreHealth } from "@/lib/store/types";

/** The other instances sharing the database (lib/cluster), when there are any. */
export interface Peers {
  publish(check: CheckRecord, counters: ServiceCounters): void;
  view(): ClusterState;
  configChanged(): void;
  /** Hands every owned service over at once. */
  release(): Promise<void>;
  stop(): Promise<void>;
  reachable(): Promise<boolean>;
  /** Tells the other instances about an incident, silence or queued delivery (they read it from the shared store). */
  alertNews(news: AlertNews): void;
  /** A rate limit shared by every instance: 0 when `key` was claimed for `gapMs`, else ms to wait. */
  claimGap(key: string, gapMs: number): Promise<number>;
  /** Restarts a claimed gap from now. */
  extendGap(key: string, gapMs: number): Promise<void>;
}

/** What the engine is built from; everything passed in. */
export interface EngineOptions {
  config: Config;
  store: Store;
  log: Logger;
  /** Where the config came from ("demo" for the bundled demo). */
  source: string;
  /** Continue from the counters and last checks in the store (default true). */
  restore?: boolean;
  /** Overrides of the alerting's timing (tests shorten retries and the reminder tick). */
  alerting?: Pick<AlertingOptions, "tickMs" | "queue">;
  /**
   * Runs timers and probes on a worker thread of their own, so a busy server never delays a probe
   * (ARCHITECTURE.md "Scheduler"); in the engine's thread when not given.
   */
  probeThread?: Omit<ProbeThreadOptions, "log">;
}

/** Every secret of a config: check credentials and notification channel secrets. */
function secretsOf(config: Config): string[] {
  return [...collectSecrets(config.services.map((s) => s.check)), ...channelSecrets(config.notify?.channels ?? [])].sort((a, b) => b.length - a.length);
}

/**
 * The running dashboard core: config, scheduler, store and event bus wired together, with
 * read-only state and verbs (ARCHITECTURE.md, "Engine"). Route handlers reach it through
 * `getEngine()`; nothing in here knows about HTTP or the API's shapes.
 */
export class Engine {
  readonly bus = new EventBus<CheckNews, ConfigNews, StatusNews, IncidentNews>();
  readonly scheduler: Scheduler;
  readonly log: Logger;
  readonly source: string;
  private readonly restore: boolean;
  readonly startedAt = Date.now();
  /** Counters and histograms for `/metrics` (lib/metrics). */
  readonly metrics = new MetricsCollector();
  /** The start-up timeline, fed with graph-applied statuses (lib/runtime/startup.ts). */
  readonly startup: StartupWatch;
  /** When each service last had a manual check through the API (one per engine). */
  readonly manualLimiter = new ManualLimiter();
  private readonly store: Store;
  private readonly recent = new RecentWindow();
  private currentConfig: Config;
  private issues: readonly ConfigIssue[] = [];
  private stopping = false;
  private scrubber: (text: string) => string;
  private graph?: GraphStatuses;
  /** The graph's statuses with maintenance shown over them (lib/runtime/derive.ts). */
  private shown?: Derived;
  private cachedOrder?: string[][];
  private readonly failing = new Map<string, boolean>();
  private readonly targets = new Map<string, string>();
  /** Incidents, notifications and maintenance (README "Incidents, notifications, maintenance and uptime"). */
  readonly alerting: Alerting;
  /** The status log behind uptime. */
  private readonly book: StatusBook;
  /** Services in maintenance at the last look. */
  private maintained = new Set<string>();
  private alertPass?: ReturnType<typeof setImmediate>;
  /** What the next alert pass looks at: every service, or only these. */
  private passAll = false;
  private passIds = new Set<string>();
  private maintenanceTimer?: ReturnType<typeof setInterval>;
  /** Makes a notification's links (incident page, share snapshot); set by the server, which has the API's views. */
  private links?: LinkMaker;
  /** Set when other instances share the database (README.md "Several instances"). */
  peers?: Peers;

  constructor(options: EngineOptions) {
    this.currentConfig = options.config;
    this.store = options.store;
    this.log = options.log;
    this.source = options.source;
    this.restore = options.restore ?? true;
    this.scrubber = scrubber(secretsOf(options.config));
    // A store without shared alert tables (memory) keeps them in an in-memory SQLite database.
    const local = options.store.alerts && options.store.statusLog ? undefined : memoryAlertStore();
    this.alerting = new Alerting({
      store: options.store.alerts ?? local!,
      config: () => this.config,
      root: (id) => {
        const s = this.service(id);
        const detail = this.scheduler.get(id)?.lastCheck?.attempts.at(-1)?.message;
        return { id, name: s?.name ?? id, group: s?.group ?? "", ...(detail ? { detail: this.scrub(detail) } : {}) };
      },
      links: async (inc) => (this.links ? this.links(inc) : {}),
      log: this.log,
      scrub: (t) => this.scrub(t),
      onIncident: (change, incident) => {
        this.bus.emitIncident({ change, incident });
        this.peers?.alertNews({ type: "incident", change, id: incident.id });
      },
      onQueued: () => this.peers?.alertNews({ type: "queued" }),
      ...options.alerting,
    });
    this.book = new StatusBook(options.store.statusLog ?? local!, this.log);
    this.startup = new StartupWatch(options.config.services, this.startedAt);
    this.scheduler = new Scheduler({
      store: this.store,
      scrub: (t) => this.scrubber(t),
      onCheck: (service, check, counters, previous) => this.onCheck(service, check, counters, previous),
      onLateness: (ms) => this.metrics.observeLateness(ms),
      ...(options.probeThread ? { link: probeThread({ ...options.probeThread, log: this.log }), secrets: () => secretsOf(this.config) } : {}),
    });
  }

  /** The config in force. */
  get config(): Config {
    return this.currentConfig;
  }

  /** Why the last config change was rejected; empty when the config on disk is in force. */
  get configIssues(): readonly ConfigIssue[] {
    return this.issues;
  }

  /** Whether shutdown has begun. */
  get shuttingDown(): boolean {
    return this.stopping;
  }

  /** Whether new checks may start: not shutting down and the scheduler takes them. */
  get accepting(): boolean {
    return !this.stopping && this.scheduler.accepting;
  }

  /** The one "shutting down" guard: throws ShuttingDownError once no new work may start. */
  assertAccepting(): void {
    if (!this.accepting) throw new ShuttingDownError();
  }

  /** Masks the current config's secrets in any text (a bound function, safe to pass around). */
  readonly scrub = (text: string): string => this.scrubber(text);

  /** Restores counters from the store, then starts checking. */
  async start(): Promise<void> {
    const saved = this.restore ? await this.store.loadCounters() : new Map<string, ServiceCounters>();
    const restored = new Map<string, { counters: ServiceCounters; lastCheck?: CheckRecord }>();
    for (const s of this.config.services) {
      const counters = saved.get(s.id);
      if (!counters) continue;
      const page = await this.store.listChecks(s.id, { limit: 1 });
      restored.set(s.id, { counters, lastCheck: page.checks[0] });
    }
    this.scheduler.setServices(this.config.services, restored);
    this.book.load();
    // The baseline the first `status` event is measured against.
    this.graphStatuses();
    await seedRecent(this.recent, this.store, new Set(this.config.services.map((s) => s.id))).catch((err: unknown) => this.log.log("warn", "recent_seed_failed", { error: err instanceof Error ? err.message : String(err) }));
    this.scheduler.start();
    await this.refreshMaintenance();
    // Alone, this instance drives the alerting; among several, the cluster's alerting lease decides.
    if (!this.peers) await this.alerting.lead(true);
    this.maintenanceTimer = setInterval(() => void this.refreshMaintenance(), 5_000);
    this.maintenanceTimer.unref();
    // Root causes restored from the store open (or continue) their incidents at once.
    this.scheduleAlertPass();
    this.log.log("info", "started", { services: this.config.services.length, source: this.source });
  }

  /** Starts a check of `id` now, or joins the one in flight; undefined for an unknown service. */
  checkNow(id: string, trigger: Trigger = "manual"): Promise<CheckRecord> | undefined {
    return this.scheduler.checkNow(id, trigger);
  }

  /** The check of `id` running now, if any. */
  inFlight(id: string): Promise<CheckRecord> | undefined {
    return this.scheduler.get(id)?.inFlight;
  }

  /** The scheduler's state of one service (counters, last check), or undefined. */
  runtime(id: string): Readonly<ServiceRuntime> | undefined {
    return this.scheduler.get(id);
  }

  /** A page of one service's check history, newest first. */
  listChecks(id: string, query: CheckQuery): Promise<CheckPage> {
    return this.store.listChecks(id, query);
  }

  /** Totals of one service's checks started in [from, to). */
  counts(id: string, from: number, to?: number): Promise<CheckCounts> {
    return this.store.counts(id, from, to);
  }

  /** Latency p50/p95 of one service in `buckets` slices of [from, to). */
  latencySeries(id: string, from: number, to: number, buckets: number): Promise<LatencyPoint[]> {
    return this.store.latencySeries(id, from, to, buckets);
  }

  /** One service's counts of the last hour. */
  recentCounts(id: string, now = Date.now()): CheckCounts {
    return this.recent.get(id, now);
  }

  /** Whether the store's background writes succeed (undefined for a store without them). */
  storageHealth(): StoreHealth | undefined {
    return this.store.health?.();
  }

  /** Every service's status with the dependency graph applied (cached until a status changes). */
  graphStatuses(): Derived {
    this.graph ??= liveStatuses(this.config, (id) => this.scheduler.get(id));
    // Maintenance shows over whatever the checks say; the copy is kept until something moves.
    this.shown ??= withMaintenance(this.graph.states, this.maintained);
    return this.shown;
  }

  /** The start-up waves of the current config (cached until the config changes). */
  order(): string[][] {
    this.cachedOrder ??= waves(this.config.services);
    return this.cachedOrder;
  }

  /** A service's target with secrets masked (cached until the config changes). */
  targetOf(s: ServiceConfig): string {
    let t = this.targets.get(s.id);
    if (t === undefined) {
      t = this.scrub(checkTypeOf(s.check.type).target(s.check));
      this.targets.set(s.id, t);
    }
    return t;
  }

  /** A service's config by id. */
  service(id: string): ServiceConfig | undefined {
    return this.config.services.find((s) => s.id === id);
  }

  /** Swaps in a new valid config; unchanged services keep their state. */
  applyConfig(config: Config): void {
    this.currentConfig = config;
    this.issues = [];
    this.scrubber = scrubber(secretsOf(config));
    this.scheduler.setServices(config.services);
    this.invalidate();
    this.alerting.reconfigure();
    void this.refreshMaintenance();
    this.scheduleAlertPass();
    this.startup.reconfigure(config.services, Date.now());
    this.startup.observe(this.graphStatuses(), Date.now());
    this.bus.emitConfig({ ok: true, at: Date.now() });
    this.peers?.configChanged();
    this.log.log("info", "config_loaded", { services: config.services.length });
  }

  /** Records a rejected config change; the last good config keeps running. */
  rejectConfig(issues: ConfigIssue[]): void {
    // The running config's secrets are scrubbed too: a rejected file may still quote one.
    this.issues = issues.map((i) => ({ ...i, message: this.scrub(i.message) }));
    this.bus.emitConfig({ ok: false, issues: this.issues, at: Date.now() });
    this.log.log("error", "config_rejected", { errors: issues.length, detail: issuesText(this.issues) });
  }

  /** Stops new checks, lets those in flight finish within the grace, flushes the store. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // Live streams end now so clients fall back to polling and reconnect to the next instance.
    this.bus.close();
    this.log.log("info", "shutdown_started", { graceMs, inFlight: this.scheduler.all().filter((e) => e.inFlight).length });
    // Leases go first, so other instances take over while checks in flight here finish.
    await this.peers?.release();
    await this.scheduler.stop(graceMs);
    clearInterval(this.maintenanceTimer);
    if (this.alertPass) clearImmediate(this.alertPass);
    // Deliveries in flight finish (bounded by their own timeout) so none is sent twice after a restart.
    await this.alerting.stop();
    await this.peers?.stop();
    await this.store.close();
    this.log.log("info", "shutdown_finished", {});
  }

  /** Sets how notifications link to the incident page and a share snapshot (README "Notifications"). */
  setLinkMaker(links: LinkMaker): void {
    this.links = links;
  }

  /** A service's uptime over 24 h, 7 d, 30 d and 90 d (README "Uptime"). */
  uptime(id: string, now = Date.now()): Record<UptimeRange, Uptime> {
    return this.book.uptime(id, now);
  }

  /** Every service's 24-hour uptime percentage for the cards (cached a minute). */
  uptime24h(now = Date.now()): Map<string, number | null> {
    return this.book.uptime24h(now);
  }

  /** Starts or stops driving incidents and notifications (the cluster's alerting lease moved). */
  async leadAlerting(on: boolean): Promise<void> {
    if (on === this.alerting.driving) return;
    this.log.log("info", on ? "alerting_taken" : "alerting_handed_over", {});
    await this.alerting.lead(on);
    // A new driver looks at the statuses at once rather than at the next change.
    if (on) this.scheduleAlertPass();
  }

  /** Takes in alerting news from another instance: its incident changes go to the live streams here. */
  async applyAlertNews(news: AlertNews): Promise<void> {
    if (news.type === "silences") await this.refreshMaintenance();
    else if (news.type === "queued") this.alerting.queue.kick();
    else {
      const incident = await this.alerting.store.incident(news.id);
      if (incident) this.bus.emitIncident({ change: news.change, incident });
    }
  }

  /** A silence was made or ended here: every instance re-reads the silences. */
  async silencesChanged(now = Date.now()): Promise<void> {
    await this.refreshMaintenance(now);
    this.peers?.alertNews({ type: "silences" });
  }

  /** Re-reads maintenance windows and silences; a change re-derives statuses and feeds the alerting. */
  async refreshMaintenance(now = Date.now()): Promise<void> {
    await this.alerting.reloadSilences(now);
    if (this.stopping) return;
    const next = new Set<string>();
    for (const s of this.config.services) if (this.alerting.maintenance(s, now)) next.add(s.id);
    if (next.size === this.maintained.size && [...next].every((id) => this.maintained.has(id))) return;
    const moved = [...next].filter((id) => !this.maintained.has(id)).concat([...this.maintained].filter((id) => !next.has(id)));
    this.maintained = next;
    this.shown = undefined;
    const shown = this.graphStatuses();
    this.startup.observe(shown, now);
    // Open pages (and the shared /api/status body) learn of services entering or leaving maintenance at once.
    const services = moved.flatMap((id) => {
      const g = shown.get(id);
      return g ? [{ id, ...g }] : [];
    });
    if (services.length > 0) this.bus.emitStatus({ at: now, services });
    this.scheduleAlertPass(moved);
  }

  /**
   * Feeds the status log and the incident tracker once per turn of the event loop, off the
   * check's path. `ids` are the services whose shown status may have moved; without them (start,
   * config change) the pass looks at every service. The work follows the change, not the fleet.
   */
  private scheduleAlertPass(ids?: Iterable<string>): void {
    if (this.stopping) return;
    if (ids === undefined) this.passAll = true;
    else if (!this.passAll) for (const id of ids) this.passIds.add(id);
    if (this.alertPass) return;
    this.alertPass = setImmediate(() => {
      this.alertPass = undefined;
      const full = this.passAll;
      const ids = full ? undefined : this.passIds;
      this.passAll = false;
      this.passIds = new Set();
      const statuses = this.graphStatuses();
      const entries: [string, GraphState][] = [];
      if (ids === undefined) entries.push(...statuses);
      else for (const id of ids) {
        const g = statuses.get(id);
        if (g) entries.push([id, g]);
      }
      this.book.record(entries);
      const services = entries.map(([id, g]) => ({ id, status: g.status, blockedBy: g.blockedBy, waitingFor: g.waitingFor, checkedAt: this.scheduler.get(id)?.lastCheck?.startedAt }));
      void this.alerting.onPass(services, Date.now(), full);
    });
  }

  private invalidate(): void {
    this.graph = undefined;
    this.shown = undefined;
    this.cachedOrder = undefined;
    this.targets.clear();
  }

  /** Takes in a check another instance ran: statuses, counts and live streams as if run here. */
  applyRemoteCheck(check: CheckRecord, counters: ServiceCounters): void {
    const applied = this.scheduler.observe(check, counters);
    if (applied) this.onCheck(applied.entry.service, check, counters, applied.previous, false);
  }

  private onCheck(service: ServiceConfig, check: CheckRecord, counters: ServiceCounters, previous: ServiceCounters, local = true): void {
    this.recent.add(check);
    if (local) {
      this.metrics.recordCheck(check);
      this.peers?.publish(check, counters);
    }
    const wasFailing = this.failing.get(service.id) ?? false;
    this.failing.set(service.id, !check.passed);
    // Only a change of base status or of failing can change anyone's `blocked`.
    const changed = counters.status !== previous.status || wasFailing !== !check.passed;
    if (counters.status !== previous.status) {
      this.log.log("info", "status_changed", { service: service.id, from: previous.status, to: counters.status });
    }
    this.graphStatuses(); // builds the graph on first use
    // A change recomputes this service and what requires it, and names who moved: work in
    // proportion to the change, not to the number of services.
    const moved = changed ? this.graph!.update([service.id]) : [];
    if (moved.length > 0) this.shown = undefined;
    const shown = this.graphStatuses();
    // A failing root cause may still need confirming (lib/incidents/tracker.ts), so it feeds the tracker too.
    if (changed || (!check.passed && shown.get(service.id)?.status === "down")) this.scheduleAlertPass([service.id, ...moved]);
    this.startup.observe(shown, Date.now(), [service.id, ...moved]);
    const failures = { count: counters.failStreak, threshold: service.timing.failureThreshold };
    this.bus.emitCheck({ id: service.id, status: shown.get(service.id)?.status ?? counters.status, failures, check });
    // Derived changes (dependents turning blocked, waiting or back) go out in the same push.
    if (moved.length > 0) this.bus.emitStatus({ at: Date.now(), services: moved.map((id) => ({ id, ...shown.get(id)! })) });
  }
}
