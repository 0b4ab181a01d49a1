import { checkTypeOf } from "@/lib/checks";
import type { Config, ConfigIssue, ServiceConfig } from "@/lib/config/load";
import { collectSecrets, scrubber } from "@/lib/config/redact";
import type { Logger } from "@/lib/log";
import type { CheckRecord } from "@/lib/model";
import { Scheduler } from "@/lib/scheduler/scheduler";
import type { ServiceCounters } from "@/lib/scheduler/status";
import type { Store } from "@/lib/store/types";
import type { ClusterView } from "@/lib/api/shapes";
import { checkSummary, EventBus } from "@/lib/runtime/events";
import { waves } from "@/lib/graph";
import { RecentWindow } from "@/lib/runtime/recent";
import { MetricsCollector } from "@/lib/metrics/collector";
import { seedRecent } from "@/lib/runtime/recent-seed";
import { StartupWatch } from "@/lib/runtime/startup";
import { configErrorText, deriveStatuses, serviceView, statusChanges, type Derived, type ServiceView, type StatusView, type StorageView } from "@/lib/runtime/view";

/** The other instances sharing the database (lib/cluster), when there are any. */
export interface Peers {
  publish(check: CheckRecord, counters: ServiceCounters): void;
  view(): ClusterView;
  configChanged(): void;
  /** Hands every owned service over at once. */
  release(): Promise<void>;
  stop(): Promise<void>;
  reachable(): Promise<boolean>;
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
  /** Set when other instances share the database (README.md "Several instances"). */
  peers?: Peers;

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.store = options.store;
    this.log = options.log;
    this.source = options.source;
    this.restore = options.restore ?? true;
    this.scrub = scrubber(collectSecrets(options.config.services.map((s) => s.check)));
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
    // The baseline the first `status` event is measured against.
    this.graphStatuses();
    await seedRecent(this.recent, this.store, new Set(this.config.services.map((s) => s.id))).catch((err: unknown) => this.log.log("warn", "recent_seed_failed", { error: err instanceof Error ? err.message : String(err) }));
    this.scheduler.start();
    this.log.log("info", "started", { services: this.config.services.length, source: this.source });
  }

  /** The `/api/status` body. The graph pass is cached until a status or failing flag changes. */
  status(): StatusView {
    const entries = new Map(this.scheduler.all().map((e) => [e.service.id, e]));
    this.derived ??= deriveStatuses(this.config, entries);
    this.order ??= waves(this.config.services);
    const now = Date.now();
    const services = this.config.services.map((s) => serviceView(s, entries.get(s.id), this.derived?.get(s.id), this.targetOf(s), this.recent.get(s.id, now)));
    const view: StatusView = { generatedAt: new Date(now).toISOString(), services, order: this.order };
    const configError = configErrorText(this.configIssues);
    if (configError) view.configError = configError;
    const storage = this.storageView();
    if (storage) view.storage = storage;
    if (this.peers) view.cluster = this.peers.view();
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
    this.derived ??= deriveStatuses(this.config, new Map(this.scheduler.all().map((e) => [e.service.id, e])));
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
    this.scrub = scrubber(collectSecrets(config.services.map((s) => s.check)));
    this.scheduler.setServices(config.services);
    this.invalidate();
    this.startup.reconfigure(config.services, Date.now());
    this.startup.observe(this.graphStatuses(), Date.now());
    this.bus.emitConfig({ ok: true, at: new Date().toISOString() });
    this.peers?.configChanged();
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
    // Leases go first, so other instances take over while checks in flight here finish.
    await this.peers?.release();
    await this.scheduler.stop(graceMs);
    await this.peers?.stop();
    await this.store.close();
    this.log.log("info", "shutdown_finished", {});
  }

  private invalidate(): void {
    this.derived = undefined;
    this.order = undefined;
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
    const before = changed ? this.graphStatuses() : undefined;
    if (changed) this.derived = undefined;
    if (counters.status !== previous.status) {
      this.log.log("info", "status_changed", { service: service.id, from: previous.status, to: counters.status });
    }
    const view = this.serviceStatus(service.id);
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
