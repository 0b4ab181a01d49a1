import { checkTypeOf } from "@/lib/checks";
import type { Config, ConfigIssue, ServiceConfig } from "@/lib/config/load";
import { scrubber } from "@/lib/config/redact";
import { ShuttingDownError } from "@/lib/errors";
import { waves } from "@/lib/graph";
import type { Uptime, UptimeRange } from "@/lib/incidents/uptime";
import type { Logger } from "@/lib/log";
import { MetricsCollector } from "@/lib/metrics/collector";
import type { CheckCounts, CheckRecord, ServiceCounters, Trigger } from "@/lib/model";
import type { LinkMaker } from "@/lib/notify/planner";
import { AlertFeed } from "@/lib/runtime/alert-feed";
import type { Alerting, AlertNews } from "@/lib/runtime/alerting";
import { issuesText, ShownStatuses, type Derived } from "@/lib/runtime/derive";
import { secretsOf, type EngineOptions, type Peers } from "@/lib/runtime/engine-options";
import { EventBus, type CheckNews, type ConfigNews, type IncidentNews, type StatusNews } from "@/lib/runtime/events";
import { ManualLimiter } from "@/lib/runtime/manual-limiter";
import { RecentWindow } from "@/lib/runtime/recent";
import { restoredRuntime, seedRecent } from "@/lib/runtime/recent-seed";
import { StartupWatch } from "@/lib/runtime/startup";
import { probeThread } from "@/lib/scheduler/probe-thread";
import { Scheduler, type ServiceRuntime } from "@/lib/scheduler/scheduler";
import type { CheckPage, CheckQuery, LatencyPoint, Store, StoreHealth } from "@/lib/store/types";

export type { EngineOptions, Peers } from "@/lib/runtime/engine-options";

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
  /** The graph's statuses with maintenance shown over them (lib/runtime/derive.ts). */
  private readonly shown = new ShownStatuses(() => this.config, (id) => this.scheduler.get(id), () => this.feed.maintained);
  private cachedOrder?: string[][];
  private readonly targets = new Map<string, string>();
  /** Incidents, notifications and maintenance (README "Incidents, notifications, maintenance and uptime"). */
  readonly alerting: Alerting;
  /** Maintenance, status passes into the alerting and the status log, uptime (lib/runtime/alert-feed.ts). */
  private readonly feed: AlertFeed;
  /** Set when other instances share the database (README.md "Several instances"). */
  peers?: Peers;

  constructor(options: EngineOptions) {
    this.currentConfig = options.config;
    this.store = options.store;
    this.log = options.log;
    this.source = options.source;
    this.restore = options.restore ?? true;
    this.scrubber = scrubber(secretsOf(options.config));
    this.startup = new StartupWatch(options.config.services, this.startedAt);
    this.feed = new AlertFeed(this, { store: options.store, alerting: options.alerting, reshow: () => this.shown.reshow() });
    this.alerting = this.feed.alerting;
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
    const restored = this.restore ? await restoredRuntime(this.store, this.config.services) : new Map<string, never>();
    this.scheduler.setServices(this.config.services, restored);
    this.feed.load();
    // The baseline the first `status` event is measured against.
    this.graphStatuses();
    await seedRecent(this.recent, this.store, new Set(this.config.services.map((s) => s.id))).catch((err: unknown) => this.log.log("warn", "recent_seed_failed", { error: err instanceof Error ? err.message : String(err) }));
    this.scheduler.start();
    await this.feed.start();
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
    return this.shown.get();
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
    this.feed.reconfigure();
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
    await this.feed.stop();
    await this.peers?.stop();
    await this.store.close();
    this.log.log("info", "shutdown_finished", {});
  }

  /** Sets how notifications link to the incident page and a share snapshot (README "Notifications"). */
  setLinkMaker(links: LinkMaker): void {
    this.feed.setLinkMaker(links);
  }

  /** A service's uptime over 24 h, 7 d, 30 d and 90 d (README "Uptime"). */
  uptime(id: string, now = Date.now()): Record<UptimeRange, Uptime> {
    return this.feed.uptime(id, now);
  }

  /** Every service's 24-hour uptime percentage for the cards (cached a minute). */
  uptime24h(now = Date.now()): Map<string, number | null> {
    return this.feed.uptime24h(now);
  }

  /** Starts or stops driving incidents and notifications (the cluster's alerting lease moved). */
  leadAlerting(on: boolean): Promise<void> {
    return this.feed.lead(on);
  }

  /** Takes in alerting news from another instance: its incident changes go to the live streams here. */
  applyAlertNews(news: AlertNews): Promise<void> {
    return this.feed.applyNews(news);
  }

  /** A silence was made or ended here: every instance re-reads the silences. */
  silencesChanged(now = Date.now()): Promise<void> {
    return this.feed.silencesChanged(now);
  }

  /** Re-reads maintenance windows and silences; a change re-derives statuses and feeds the alerting. */
  refreshMaintenance(now = Date.now()): Promise<void> {
    return this.feed.refreshMaintenance(now);
  }

  private invalidate(): void {
    this.shown.reset();
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
    const statusChanged = counters.status !== previous.status;
    if (statusChanged) this.log.log("info", "status_changed", { service: service.id, from: previous.status, to: counters.status });
    // A change recomputes this service and what requires it, and names who moved: work in
    // proportion to the change, not to the number of services.
    const { changed, moved } = this.shown.update(service.id, check.passed, statusChanged);
    const shown = this.graphStatuses();
    // A failing root cause may still need confirming (lib/incidents/tracker.ts), so it feeds the tracker too.
    if (changed || (!check.passed && shown.get(service.id)?.status === "down")) this.feed.scheduleAlertPass([service.id, ...moved]);
    this.startup.observe(shown, Date.now(), [service.id, ...moved]);
    const failures = { count: counters.failStreak, threshold: service.timing.failureThreshold };
    this.bus.emitCheck({ id: service.id, status: shown.get(service.id)?.status ?? counters.status, failures, check });
    // Derived changes (dependents turning blocked, waiting or back) go out in the same push.
    if (moved.length > 0) this.bus.emitStatus({ at: Date.now(), services: moved.map((id) => ({ id, ...shown.get(id)! })) });
  }
}
