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

/** News for the other instances sharing the alert store (lib/cluster relays it). */
export type AlertNews =
  | { type: "incident"; change: "opened" | "updated" | "closed"; id: number }
  | { type: "silences" }
  | { type: "queued" };

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
  /** Told when a delivery was queued here (the driving instance may be another one). */
  onQueued?: () => void;
  /** How often open incidents are looked at for `after` and `repeatEvery`, ms (default 5 s). */
  tickMs?: number;
  queue?: Partial<Pick<QueueOptions, "initialBackoffMs" | "maxBackoffMs" | "maxAttempts" | "send" | "pollMs">>;
}

/** A driver that takes over plans the resolves of incidents closed this recently (its predecessor may have stopped first). */
const RECENTLY_CLOSED_MS = 3_600_000;
/** After a failed take-over (database away), the next try, ms. */
const RETRY_LEAD_MS = 2_000;

/**
 * Incidents, notifications and maintenance wired together (SPEC §9). Fed with each status pass,
 * off the check path: passes are chained so planning never overlaps, and sending happens in the
 * delivery queue. Only the driving instance (`lead(true)`: the only one, or the alerting lease's
 * holder among several, README.md "Several instances") tracks incidents and sends; every instance
 * reads incidents, deliveries and silences from the store.
 */
export class Alerting {
  readonly store: AlertStore;
  readonly tracker: IncidentTracker;
  readonly queue: DeliveryQueue;
  private calendar: MaintenanceCalendar;
  private chain: Promise<void> = Promise.resolve();
  private timer?: ReturnType<typeof setInterval>;
  private silences: SilenceRecord[] = [];
  /** Whether this instance should drive, and whether it does. */
  private wanted = false;
  private active = false;
  private stopped = false;
  /** The status pass queued behind the running one, if any. */
  private waiting?: { services: readonly TrackedService[]; now: number; full: boolean; done: Promise<IncidentChanges> };

  constructor(private readonly o: AlertingOptions) {
    this.store = o.store;
    this.tracker = new IncidentTracker(o.store);
    this.calendar = this.newCalendar();
    this.queue = new DeliveryQueue({ store: o.store, channels: () => this.channels(), log: o.log, scrub: o.scrub ?? ((t) => t), ...o.queue });
  }

  private newCalendar(): MaintenanceCalendar {
    // Read once per refresh, not once per service: a thousand services share one query.
    return new MaintenanceCalendar(this.o.config().maintenance ?? [], () => this.silences);
  }

  /** Reads the active silences again (made here or on another instance); a failed read keeps the last ones. */
  async reloadSilences(now = Date.now()): Promise<void> {
    try {
      this.silences = await this.store.activeSilences(now);
    } catch (err) {
      this.o.log?.log("warn", "silences_unreadable", { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The configured channels by id. */
  channels(): Map<string, ChannelConfig> {
    return new Map((this.o.config().notify?.channels ?? []).map((c) => [c.id, c]));
  }

  /** Whether this instance tracks incidents and sends notifications now. */
  get driving(): boolean {
    return this.active;
  }

  /**
   * Starts (true) or stops (false) driving: tracking incidents, the reminder tick and the queue.
   * Taking over continues the open incidents in the store and queues any resolve a previous
   * driver left unqueued; giving up waits for the deliveries in flight.
   */
  lead(on: boolean): Promise<void> {
    if (this.stopped && on) return Promise.resolve();
    this.wanted = on;
    return this.enqueue(async () => {
      if (this.wanted === this.active) return;
      if (!this.wanted) {
        this.active = false;
        clearInterval(this.timer);
        await this.queue.stop();
        return;
      }
      try {
        await this.tracker.load();
      } catch (err) {
        // Tracking without the open incidents could leave one open forever: try again soon.
        this.o.log?.log("warn", "alerting_takeover_failed", { error: err instanceof Error ? err.message : String(err) });
        setTimeout(() => void this.lead(this.wanted), RETRY_LEAD_MS).unref();
        return;
      }
      this.active = true;
      this.queue.start();
      this.timer = setInterval(() => void this.enqueue(() => this.planOpen(Date.now())), this.o.tickMs ?? 5_000);
      this.timer.unref();
      const now = Date.now();
      for (const inc of await this.store.closedSince(now - RECENTLY_CLOSED_MS)) await this.plan(inc, now);
      await this.planOpen(now);
    });
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
   * incidents are updated and deliveries queued (nothing when not driving). A pass still waiting
   * for the one before it absorbs the newer one: each pass costs database round trips, and the
   * services either names are looked at once, with their newest state.
   */
  onPass(services: readonly TrackedService[], now = Date.now(), full = false): Promise<IncidentChanges> {
    if (this.waiting) {
      const merged = new Map(this.waiting.services.map((s) => [s.id, s]));
      for (const s of services) merged.set(s.id, s);
      // A full pass names the whole fleet; a partial one joins what is already waiting.
      this.waiting.services = full ? services : [...merged.values()];
      this.waiting.full ||= full;
      this.waiting.now = now;
      return this.waiting.done;
    }
    let out: IncidentChanges = { opened: [], grown: [], closed: [] };
    const pass: { services: readonly TrackedService[]; now: number; full: boolean; done: Promise<IncidentChanges> } = { services, now, full, done: Promise.resolve(out) };
    pass.done = this.enqueue(async () => {
      this.waiting = undefined;
      if (!this.active) return;
      const at = pass.now;
      const groups = this.groups();
      const muted = (id: string) => this.maintenance({ id, group: groups.get(id) ?? "" }, at) !== undefined;
      out = await this.tracker.update(pass.services, at, muted, pass.full);
      for (const inc of out.opened) this.o.onIncident?.("opened", inc);
      for (const inc of out.grown) this.o.onIncident?.("updated", inc);
      for (const inc of out.closed) {
        this.o.onIncident?.("closed", inc);
        await this.plan(inc, at);
      }
      await this.planOpen(at);
    }).then(() => out);
    this.waiting = pass;
    return pass.done;
  }

  /** Queues a test notice on one channel; undefined for an unknown channel. */
  async sendTest(channelId: string, now = Date.now()): Promise<DeliveryRecord | undefined> {
    if (!this.channels().has(channelId)) return undefined;
    const key = `test:${channelId}:${randomUUID()}`;
    const notice: Notice = { kind: "test", deliveryId: key, incidentId: 0, root: { id: channelId, name: channelId, group: "" }, affected: [], startedAt: now, links: {} };
    await this.store.enqueue({ key, incidentId: 0, channel: channelId, kind: "test", notice: JSON.stringify(notice) }, now);
    this.queued();
    return (await this.store.listDeliveries({ incidentId: 0, limit: 20 })).deliveries.find((d) => d.key === key);
  }

  /** Stops driving for good: the tick ends, planning finishes, deliveries in flight settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.lead(false);
  }

  private queued(): void {
    this.queue.kick();
    this.o.onQueued?.();
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
    if (!this.active) return;
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
    if (queued > 0) this.queued();
  }
}
