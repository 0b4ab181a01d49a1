import type { Config, ServiceConfig } from "@/lib/config/load";
import type { GraphState } from "@/lib/graph";
import type { Uptime, UptimeRange } from "@/lib/incidents/uptime";
import type { Logger } from "@/lib/log";
import type { LinkMaker } from "@/lib/notify/planner";
import { Alerting, type AlertingOptions, type AlertNews } from "@/lib/runtime/alerting";
import type { Derived } from "@/lib/runtime/derive";
import type { Peers } from "@/lib/runtime/engine-options";
import type { CheckNews, ConfigNews, EventBus, IncidentNews, StatusNews } from "@/lib/runtime/events";
import type { StartupWatch } from "@/lib/runtime/startup";
import { StatusBook } from "@/lib/runtime/status-book";
import type { ServiceRuntime } from "@/lib/scheduler/scheduler";
import { memoryAlertStore } from "@/lib/store/sqlite-alerts";
import type { Store } from "@/lib/store/types";

/** What the feed reads from the engine: its public state and verbs. */
export interface FeedHost {
  readonly config: Config;
  readonly shuttingDown: boolean;
  readonly log: Logger;
  readonly bus: Pick<EventBus<CheckNews, ConfigNews, StatusNews, IncidentNews>, "emitStatus" | "emitIncident">;
  readonly startup: Pick<StartupWatch, "observe">;
  readonly peers?: Pick<Peers, "alertNews">;
  scrub(text: string): string;
  service(id: string): ServiceConfig | undefined;
  runtime(id: string): Readonly<ServiceRuntime> | undefined;
  /** The shown statuses, with `maintained` over them. */
  graphStatuses(): Derived;
}

/** What the feed is built from besides its host. */
export interface AlertFeedOptions {
  store: Store;
  /** Overrides of the alerting's timing (tests shorten retries and the reminder tick). */
  alerting?: Pick<AlertingOptions, "tickMs" | "queue">;
  /** The shown statuses derived again after `maintained` changed. */
  reshow: () => Derived;
}

/** How often maintenance windows and silences are re-read, ms. */
const MAINTENANCE_REFRESH_MS = 5_000;

/**
 * The engine's statuses feeding the alerting and the status log (README "Incidents,
 * notifications, maintenance and uptime"): which services are in maintenance, the status passes
 * behind incidents and uptime, the alerting lease and alerting news from other instances.
 */
export class AlertFeed {
  /** Incidents, notifications and maintenance. */
  readonly alerting: Alerting;
  /** The status log behind uptime. */
  private readonly book: StatusBook;
  private readonly reshow: () => Derived;
  /** Services in maintenance at the last look. */
  private current = new Set<string>();
  private alertPass?: ReturnType<typeof setImmediate>;
  /** What the next alert pass looks at: every service, or only these. */
  private passAll = false;
  private passIds = new Set<string>();
  private maintenanceTimer?: ReturnType<typeof setInterval>;
  /** Makes a notification's links (incident page, share snapshot); set by the server, which has the API's views. */
  private links?: LinkMaker;

  constructor(private readonly host: FeedHost, options: AlertFeedOptions) {
    const { store } = options;
    this.reshow = options.reshow;
    // A store without shared alert tables (memory) keeps them in an in-memory SQLite database.
    const local = store.alerts && store.statusLog ? undefined : memoryAlertStore();
    this.alerting = new Alerting({
      store: store.alerts ?? local!,
      config: () => host.config,
      root: (id) => {
        const s = host.service(id);
        const detail = host.runtime(id)?.lastCheck?.attempts.at(-1)?.message;
        return { id, name: s?.name ?? id, group: s?.group ?? "", ...(detail ? { detail: host.scrub(detail) } : {}) };
      },
      links: async (inc) => (this.links ? this.links(inc) : {}),
      log: host.log,
      scrub: (t) => host.scrub(t),
      onIncident: (change, incident) => {
        host.bus.emitIncident({ change, incident });
        host.peers?.alertNews({ type: "incident", change, id: incident.id });
      },
      onQueued: () => host.peers?.alertNews({ type: "queued" }),
      ...options.alerting,
    });
    this.book = new StatusBook(store.statusLog ?? local!, host.log);
  }

  /** Sets how notifications link to the incident page and a share snapshot. */
  setLinkMaker(links: LinkMaker): void {
    this.links = links;
  }

  /** Services in maintenance at the last look (a new set each time it changes). */
  get maintained(): ReadonlySet<string> {
    return this.current;
  }

  /** Continues the status log where the last run left it. */
  load(): void {
    this.book.load();
  }

  /** Reads maintenance, drives the alerting when alone, then re-reads maintenance on a timer. */
  async start(): Promise<void> {
    await this.refreshMaintenance();
    // Alone, this instance drives the alerting; among several, the cluster's alerting lease decides.
    if (!this.host.peers) await this.alerting.lead(true);
    this.maintenanceTimer = setInterval(() => void this.refreshMaintenance(), MAINTENANCE_REFRESH_MS);
    this.maintenanceTimer.unref();
    // Root causes restored from the store open (or continue) their incidents at once.
    this.scheduleAlertPass();
  }

  /** Takes in a new config: maintenance is re-read and every service passed again. */
  reconfigure(): void {
    this.alerting.reconfigure();
    void this.refreshMaintenance();
    this.scheduleAlertPass();
  }

  /** Stops the timer and the pending pass, then the alerting. */
  async stop(): Promise<void> {
    clearInterval(this.maintenanceTimer);
    if (this.alertPass) clearImmediate(this.alertPass);
    // Deliveries in flight finish (bounded by their own timeout) so none is sent twice after a restart.
    await this.alerting.stop();
  }

  /** A service's uptime over 24 h, 7 d, 30 d and 90 d. */
  uptime(id: string, now: number): Record<UptimeRange, Uptime> {
    return this.book.uptime(id, now);
  }

  /** Every service's 24-hour uptime percentage (cached a minute). */
  uptime24h(now: number): Map<string, number | null> {
    return this.book.uptime24h(now);
  }

  /** Starts or stops driving incidents and notifications. */
  async lead(on: boolean): Promise<void> {
    if (on === this.alerting.driving) return;
    this.host.log.log("info", on ? "alerting_taken" : "alerting_handed_over", {});
    await this.alerting.lead(on);
    // A new driver looks at the statuses at once rather than at the next change.
    if (on) this.scheduleAlertPass();
  }

  /** Takes in alerting news from another instance: its incident changes go to the live streams here. */
  async applyNews(news: AlertNews): Promise<void> {
    if (news.type === "silences") await this.refreshMaintenance();
    else if (news.type === "queued") this.alerting.queue.kick();
    else {
      const incident = await this.alerting.store.incident(news.id);
      if (incident) this.host.bus.emitIncident({ change: news.change, incident });
    }
  }

  /** A silence was made or ended here: every instance re-reads the silences. */
  async silencesChanged(now: number): Promise<void> {
    await this.refreshMaintenance(now);
    this.host.peers?.alertNews({ type: "silences" });
  }

  /** Re-reads maintenance windows and silences; a change re-derives statuses and feeds the alerting. */
  async refreshMaintenance(now = Date.now()): Promise<void> {
    await this.alerting.reloadSilences(now);
    if (this.host.shuttingDown) return;
    const next = new Set<string>();
    for (const s of this.host.config.services) if (this.alerting.maintenance(s, now)) next.add(s.id);
    if (next.size === this.current.size && [...next].every((id) => this.current.has(id))) return;
    const moved = [...next].filter((id) => !this.current.has(id)).concat([...this.current].filter((id) => !next.has(id)));
    this.current = next;
    const shown = this.reshow();
    this.host.startup.observe(shown, now);
    // Open pages (and the shared /api/status body) learn of services entering or leaving maintenance at once.
    const services = moved.flatMap((id) => {
      const g = shown.get(id);
      return g ? [{ id, ...g }] : [];
    });
    if (services.length > 0) this.host.bus.emitStatus({ at: now, services });
    this.scheduleAlertPass(moved);
  }

  /**
   * Feeds the status log and the incident tracker once per turn of the event loop, off the
   * check's path. `ids` are the services whose shown status may have moved; without them (start,
   * config change) the pass looks at every service. The work follows the change, not the fleet.
   */
  scheduleAlertPass(ids?: Iterable<string>): void {
    if (this.host.shuttingDown) return;
    if (ids === undefined) this.passAll = true;
    else if (!this.passAll) for (const id of ids) this.passIds.add(id);
    if (this.alertPass) return;
    this.alertPass = setImmediate(() => {
      this.alertPass = undefined;
      const full = this.passAll;
      const ids = full ? undefined : this.passIds;
      this.passAll = false;
      this.passIds = new Set();
      const statuses = this.host.graphStatuses();
      const entries: [string, GraphState][] = [];
      if (ids === undefined) entries.push(...statuses);
      else for (const id of ids) {
        const g = statuses.get(id);
        if (g) entries.push([id, g]);
      }
      this.book.record(entries);
      const services = entries.map(([id, g]) => ({ id, status: g.status, blockedBy: g.blockedBy, waitingFor: g.waitingFor, checkedAt: this.host.runtime(id)?.lastCheck?.startedAt }));
      void this.alerting.onPass(services, Date.now(), full);
    });
  }
}
