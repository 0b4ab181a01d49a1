import { checkTypeOf } from "@/lib/checks";
import type { Config, ConfigIssue, ServiceConfig } from "@/lib/config/load";
import { collectSecrets, scrubber } from "@/lib/config/redact";
import type { Logger } from "@/lib/log";
import type { CheckRecord } from "@/lib/model";
import { Scheduler } from "@/lib/scheduler/scheduler";
import type { ServiceCounters } from "@/lib/scheduler/status";
import type { Store } from "@/lib/store/types";
import { checkSummary, EventBus } from "@/lib/runtime/events";
import { waves } from "@/lib/graph";
import { RecentWindow } from "@/lib/runtime/recent";
import { MetricsCollector } from "@/lib/metrics/collector";
import { seedRecent } from "@/lib/runtime/recent-seed";
import { StartupWatch } from "@/lib/runtime/startup";
import { incidentView } from "@/lib/incidents/view";
import type { Uptime, UptimeRange } from "@/lib/incidents/uptime";
import { StatusBook } from "@/lib/runtime/status-book";
import { Alerting, type AlertingOptions } from "@/lib/runtime/alerting";
import { channelSecrets } from "@/lib/config/notify-schema";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";
import { incidentLinks, publicBaseUrl } from "@/lib/share/incident-links";
import { configErrorText, deriveStatuses, serviceView, statusChanges, type Derived, type ServiceView, type StatusView, type StorageView } from "@/lib/runtime/view";

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
}

/** Every secret of a config: check credentials and notification channel secrets. */
function secretsOf(config: Config): string[] {
  return [...collectSecrets(config.services.map((s) => s.check)), ...channelSecrets(config.notify?.channels ?? [])].sort((a, b) => b.length - a.length);
}

/**
 * The running dashboard core: config, scheduler, store and event bus wired together. Route
 * handlers reach it through `getEngine()`; nothing in here knows about HTTP.
 */
export class Engine {
  readonly bus = new EventBus();
  readonly scheduler: Scheduler;
  readonly store: Store;
  readonly log: Logger;
  readonly source: string;
  private readonly restore: boolean;
  readonly startedAt = Date.now();
  config: Config;
  configIssues: ConfigIssue[] = [];
  shuttingDown = false;
  /** Scrubs the current config's secrets from any text. */
  scrub: (text: string) => string;
  /** Rolling last-hour counts per service. */
  readonly recent = new RecentWindow();
  /** Counters and histograms for `/metrics` (lib/metrics). */
  readonly metrics = new MetricsCollector();
  private derived?: Derived;
  /** The start-up timeline, fed with graph-applied statuses (lib/runtime/startup.ts). */
  readonly startup: StartupWatch;
  private readonly failing = new Map<string, boolean>();
  private order?: string[][];
  private readonly targets = new Map<string, string>();
  /** Incidents, notifications and maintenance (SPEC §9). */
  readonly alerting: Alerting;
  /** Services in maintenance at the last look (refreshed with the alerting tick). */
  private maintained = new Set<string>();
  private alertPass?: ReturnType<typeof setImmediate>;
  /** The status log behind uptime. */
  private readonly book: StatusBook;
  private maintenanceTimer?: ReturnType<typeof setInterval>;

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.store = options.store;
    this.log = options.log;
    this.source = options.source;
    this.restore = options.restore ?? true;
    this.scrub = scrubber(secretsOf(options.config));
    this.alerting = new Alerting({
      store: options.store.alerts ?? memoryAlertStore(),
      config: () => this.config,
      root: (id) => {
        const s = this.service(id);
        const detail = this.scheduler.get(id)?.lastCheck?.attempts.at(-1)?.message;
        return { id, name: s?.name ?? id, group: s?.group ?? "", ...(detail ? { detail: this.scrub(detail) } : {}) };
      },
      links: (inc) => incidentLinks({ status: () => this.status(), listChecks: (id, q) => this.store.listChecks(id, q), scrub: (t) => this.scrub(t) }, publicBaseUrl(this.config.notify?.baseUrl), inc.id, inc.root),
      log: this.log,
      scrub: (t) => this.scrub(t),
      onIncident: (change, incident) => this.bus.emitIncident({ change, incident: incidentView(incident) }),
      ...options.alerting,
    });
    this.book = new StatusBook(this.alerting.store, this.log);
    this.startup = new StartupWatch(options.config.services, this.startedAt);
    this.scheduler = new Scheduler({
      store: this.store,
      scrub: (t) => this.scrub(t),
      onCheck: (service, check, counters, previous) => this.onCheck(service, check, counters, previous),
      onLateness: (ms) => this.metrics.observeLateness(ms),
    });
  }

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
    this.alerting.start();
    this.refreshMaintenance();
    this.maintenanceTimer = setInterval(() => this.refreshMaintenance(), 5_000);
    this.maintenanceTimer.unref();
    // Root causes restored from the store open (or continue) their incidents at once.
    this.scheduleAlertPass();
    this.log.log("info", "started", { services: this.config.services.length, source: this.source });
  }

  /** The `/api/status` body. The graph pass is cached until a status or failing flag changes. */
  status(): StatusView {
    const entries = new Map(this.scheduler.all().map((e) => [e.service.id, e]));
    this.derived ??= deriveStatuses(this.config, entries, this.maintained);
    this.order ??= waves(this.config.services);
    const now = Date.now();
    const uptime = this.book.uptime24h(now);
    const services = this.config.services.map((s) => ({ ...serviceView(s, entries.get(s.id), this.derived?.get(s.id), this.targetOf(s), this.recent.get(s.id, now)), uptime24h: uptime.get(s.id) ?? null }));
    const view: StatusView = { generatedAt: new Date(now).toISOString(), services, order: this.order };
    const configError = configErrorText(this.configIssues);
    if (configError) view.configError = configError;
    const storage = this.storageView();
    if (storage) view.storage = storage;
    return view;
  }

  /** The store's write failure in its API shape, or undefined while it writes. */
  storageView(): StorageView | undefined {
    const h = this.store.health?.();
    if (!h || h.status === "ok") return undefined;
    return { status: "failing", since: new Date(h.since ?? Date.now()).toISOString(), error: this.scrub(h.error ?? "write failed"), backlog: h.backlog, dropped: h.dropped };
  }

  /** One service in its status shape, or undefined for an unknown id. */
  serviceStatus(id: string): ServiceView | undefined {
    // Called after every check: O(1) lookups, not a map of every service (1,000 services × 100 checks/s).
    const entry = this.scheduler.get(id);
    const s = entry?.service ?? this.service(id);
    if (!s) return undefined;
    return serviceView(s, entry, this.graphStatuses().get(id), this.targetOf(s), this.recent.get(id));
  }

  /** Every service's status with the dependency graph applied (cached until a status changes). */
  graphStatuses(): Derived {
    this.derived ??= deriveStatuses(this.config, new Map(this.scheduler.all().map((e) => [e.service.id, e])), this.maintained);
    return this.derived;
  }

  private targetOf(s: ServiceConfig): string {
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
    this.config = config;
    this.configIssues = [];
    this.scrub = scrubber(secretsOf(config));
    this.scheduler.setServices(config.services);
    this.invalidate();
    this.alerting.reconfigure();
    this.refreshMaintenance();
    this.scheduleAlertPass();
    this.startup.reconfigure(config.services, Date.now());
    this.startup.observe(this.graphStatuses(), Date.now());
    this.bus.emitConfig({ ok: true, at: new Date().toISOString() });
    this.log.log("info", "config_loaded", { services: config.services.length });
  }

  /** Records a rejected config change; the last good config keeps running. */
  rejectConfig(issues: ConfigIssue[]): void {
    // The running config's secrets are scrubbed too: a rejected file may still quote one.
    this.configIssues = issues.map((i) => ({ ...i, message: this.scrub(i.message) }));
    const error = configErrorText(this.configIssues);
    this.bus.emitConfig({ ok: false, error, at: new Date().toISOString() });
    this.log.log("error", "config_rejected", { errors: issues.length, detail: error });
  }

  /** Stops new checks, lets those in flight finish within the grace, flushes the store. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    // Live streams end now so clients fall back to polling and reconnect to the next instance.
    this.bus.close();
    this.log.log("info", "shutdown_started", { graceMs, inFlight: this.scheduler.all().filter((e) => e.inFlight).length });
    await this.scheduler.stop(graceMs);
    clearInterval(this.maintenanceTimer);
    if (this.alertPass) clearImmediate(this.alertPass);
    // Deliveries in flight finish (bounded by their own timeout) so none is sent twice after a restart.
    await this.alerting.stop();
    await this.store.close();
    this.log.log("info", "shutdown_finished", {});
  }

  /** Re-reads maintenance windows and silences; a change re-derives statuses and feeds the alerting. */
  refreshMaintenance(now = Date.now()): void {
    this.alerting.reloadSilences();
    const next = new Set<string>();
    for (const s of this.config.services) if (this.alerting.maintenance(s, now)) next.add(s.id);
    const same = next.size === this.maintained.size && [...next].every((id) => this.maintained.has(id));
    if (same) return;
    this.maintained = next;
    this.derived = undefined;
    this.startup.observe(this.graphStatuses(), now);
    this.scheduleAlertPass();
  }

  /** A service's uptime over 24 h, 7 d, 30 d and 90 d (README.md "Uptime"). */
  uptime(id: string, now = Date.now()): Record<UptimeRange, Uptime> {
    return this.book.uptime(id, now);
  }

  /** Feeds the incident tracker once per turn of the event loop, after the check that changed something. */
  private scheduleAlertPass(): void {
    if (this.alertPass || this.shuttingDown) return;
    this.alertPass = setImmediate(() => {
      this.alertPass = undefined;
      const statuses = this.graphStatuses();
      this.book.record(statuses);
      const services = [...statuses].map(([id, g]) => ({ id, status: g.status, blockedBy: g.blockedBy, waitingFor: g.waitingFor, checkedAt: this.scheduler.get(id)?.lastCheck?.startedAt }));
      void this.alerting.onPass(services);
    });
  }

  private invalidate(): void {
    this.derived = undefined;
    this.order = undefined;
    this.targets.clear();
  }

  private onCheck(service: ServiceConfig, check: CheckRecord, counters: ServiceCounters, previous: ServiceCounters): void {
    this.recent.add(check);
    this.metrics.recordCheck(check);
    const wasFailing = this.failing.get(service.id) ?? false;
    this.failing.set(service.id, !check.passed);
    // Only a change of base status or of failing can change anyone's `blocked`.
    const changed = counters.status !== previous.status || wasFailing !== !check.passed;
    const before = changed ? this.graphStatuses() : undefined;
    if (changed) {
      this.derived = undefined;
      this.scheduleAlertPass();
    }
    if (counters.status !== previous.status) {
      this.log.log("info", "status_changed", { service: service.id, from: previous.status, to: counters.status });
    }
    const view = this.serviceStatus(service.id);
    // A failing root cause may still need confirming (lib/incidents/tracker.ts), so it feeds the tracker too.
    if (!changed && !check.passed && view?.status === "down") this.scheduleAlertPass();
    // A change can move dependents (blocked or not) too; otherwise only this service is new.
    this.startup.observe(this.graphStatuses(), Date.now(), changed ? undefined : service.id);
    this.bus.emitCheck({ id: service.id, status: view?.status ?? counters.status, failures: view?.failures, check: checkSummary(check) });
    // Derived changes (dependents turning blocked, waiting or back) go out in the same push.
    if (before) {
      const services = statusChanges(before, this.graphStatuses());
      if (services.length > 0) this.bus.emitStatus({ at: new Date().toISOString(), services });
    }
  }
}
