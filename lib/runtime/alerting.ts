import { randomUUID } from "node:crypto";
import type { Config } from "@/lib/config/load";
import type { ChannelConfig } from "@/lib/config/notify-schema";
import { IncidentTracker, type IncidentChanges, type TrackedService } from "@/lib/incidents/tracker";
import type { Logger } from "@/lib/log";
import { MaintenanceCalendar, type MaintenanceState } from "@/lib/maintenance/calendar";
import type { Notice } from "@/lib/notify/message";
import { planDeliveries, type LinkMaker, type RootInfo } from "@/lib/notify/planner";
import { DeliveryQueue, type QueueOptions } from "@/lib/notify/queue";
import type { AlertStore, DeliveryRecord, IncidentRecord, SilenceRecord } from "@/lib/store/alert-types";

/** What the engine hands the alerting: the store, the live config and how to describe a root. */
export interface AlertingOptions {
  store: AlertStore;
  config: () => Config;
  root: (id: string) => RootInfo;
  links: LinkMaker;
  log?: Logger;
  scrub?: (text: string) => string;
  /** Told about every incident change (the `incident` SSE event). */
  onIncident?: (change: "opened" | "updated" | "closed", incident: IncidentRecord) => void;
  /** How often open incidents are looked at for `after` and `repeatEvery`, ms (default 5 s). */
  tickMs?: number;
  queue?: Partial<Pick<QueueOptions, "initialBackoffMs" | "maxBackoffMs" | "maxAttempts" | "send">>;
}

/**
 * Incidents, notifications and maintenance wired together (SPEC §9). Fed with each status pass,
 * off the check path: passes are chained so planning never overlaps, and sending happens in the
 * delivery queue.
 */
export class Alerting {
  readonly store: AlertStore;
  readonly tracker: IncidentTracker;
  readonly queue: DeliveryQueue;
  private calendar: MaintenanceCalendar;
  private chain: Promise<void> = Promise.resolve();
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly o: AlertingOptions) {
    this.store = o.store;
    this.tracker = new IncidentTracker(o.store);
    this.calendar = this.newCalendar();
    this.queue = new DeliveryQueue({ store: o.store, channels: () => this.channels(), log: o.log, scrub: o.scrub ?? ((t) => t), ...o.queue });
  }

  private silences?: SilenceRecord[];

  private newCalendar(): MaintenanceCalendar {
    // Read once per refresh, not once per service: a thousand services share one query.
    return new MaintenanceCalendar(this.o.config().maintenance ?? [], () => (this.silences ??= this.store.activeSilences(Date.now())));
  }

  /** Silences changed or time moved on: the next maintenance look reads them again. */
  reloadSilences(): void {
    this.silences = undefined;
  }

  /** The configured channels by id. */
  channels(): Map<string, ChannelConfig> {
    return new Map((this.o.config().notify?.channels ?? []).map((c) => [c.id, c]));
  }

  /** Starts the queue and the reminder tick. */
  start(): void {
    this.queue.start();
    this.timer = setInterval(() => this.enqueue(() => this.planOpen(Date.now())), this.o.tickMs ?? 5_000);
    this.timer.unref();
  }

  /** The config changed: maintenance windows are compiled again. */
  reconfigure(): void {
    this.calendar = this.newCalendar();
  }

  /** Whether a service is in maintenance at `now`, and why. */
  maintenance(s: { id: string; group: string }, now = Date.now()): MaintenanceState | undefined {
    return this.calendar.stateOf(s, now);
  }

  /**
   * Feeds one status pass (the services that changed, or with `full` all of them); resolves once
   * incidents are updated and deliveries queued.
   */
  onPass(services: readonly TrackedService[], now = Date.now(), full = false): Promise<IncidentChanges> {
    let out: IncidentChanges = { opened: [], grown: [], closed: [] };
    const groups = this.groups();
    const muted = (id: string) => this.maintenance({ id, group: groups.get(id) ?? "" }, now) !== undefined;
    return this.enqueue(async () => {
      out = this.tracker.update(services, now, muted, full);
      for (const inc of out.opened) this.o.onIncident?.("opened", inc);
      for (const inc of out.grown) this.o.onIncident?.("updated", inc);
      for (const inc of out.closed) {
        this.o.onIncident?.("closed", inc);
        await this.plan(inc, now);
      }
      await this.planOpen(now);
    }).then(() => out);
  }

  /** Queues a test notice on one channel; undefined for an unknown channel. */
  sendTest(channelId: string, now = Date.now()): DeliveryRecord | undefined {
    if (!this.channels().has(channelId)) return undefined;
    const key = `test:${channelId}:${randomUUID()}`;
    const notice: Notice = { kind: "test", deliveryId: key, incidentId: 0, root: { id: channelId, name: channelId, group: "" }, affected: [], startedAt: now, links: {} };
    this.store.enqueue({ key, incidentId: 0, channel: channelId, kind: "test", notice: JSON.stringify(notice) }, now);
    this.queue.kick();
    return this.store.listDeliveries({ limit: 1 }).deliveries.find((d) => d.key === key);
  }

  /** Stops the tick, lets planning finish, and waits for deliveries in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.chain;
    await this.queue.stop();
  }

  private groupsFor?: { config: Config; groups: Map<string, string> };

  /** Each service's group, built once per config rather than once per pass. */
  private groups(): Map<string, string> {
    const config = this.o.config();
    if (this.groupsFor?.config !== config) this.groupsFor = { config, groups: new Map(config.services.map((s) => [s.id, s.group])) };
    return this.groupsFor.groups;
  }

  private enqueue(fn: () => Promise<void>): Promise<void> {
    const next = this.chain.then(fn).catch((err: unknown) => this.o.log?.log("error", "alerting_failed", { error: err instanceof Error ? err.message : String(err) }));
    this.chain = next;
    return next;
  }

  private async planOpen(now: number): Promise<void> {
    const groups = this.groups();
    for (const inc of this.tracker.openByRoot().values()) {
      // Nothing notifies from inside maintenance, reminders included.
      if (this.maintenance({ id: inc.root, group: groups.get(inc.root) ?? "" }, now)) continue;
      await this.plan(inc, now);
    }
  }

  private async plan(inc: IncidentRecord, now: number): Promise<void> {
    const cfg = this.o.config().notify;
    if (!cfg || cfg.routes.length === 0) return;
    const queued = await planDeliveries(this.store, cfg, inc, this.o.root(inc.root), now, this.o.links);
    if (queued > 0) this.queue.kick();
  }
}
