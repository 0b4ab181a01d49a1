import { randomBytes } from "node:crypto";
import os from "node:os";
import type pg from "pg";
import type { ClusterView } from "@/lib/api/shapes";
import { configHash } from "@/lib/cluster/config-hash";
import { CheckRequests } from "@/lib/cluster/check-requests";
import { LeaseKeeper } from "@/lib/cluster/leases";
import { SharedSnapshots, sharedShareSecret } from "@/lib/cluster/shared-shares";
import { Relay, type ControlMessage, type RelayedCheck } from "@/lib/cluster/relay";
import type { CheckRecord } from "@/lib/model";
import type { AlertNews } from "@/lib/runtime/alerting";
import type { Engine, Peers } from "@/lib/runtime/engine";
import { IncidentWatch } from "@/lib/runtime/incident-watch";
import type { ServiceCounters } from "@/lib/model";
import { shareSecretFromDatabase } from "@/lib/share/secret";
import { keepSnapshotsIn } from "@/lib/share/share";
import { openPgPool, type PostgresStore } from "@/lib/store/postgres";

/** Settings from the environment (README.md "Several instances"). */
export interface ClusterOptions {
  url: string;
  instanceId?: string;
  /** Lease length, ms. */
  leaseMs: number;
  notify: boolean;
}

/** Lease length when `DEPWATCH_LEASE` is unset, ms: a killed instance's services move within about this. */
export const DEFAULT_LEASE_MS = 5_000;

/**
 * The lease of the alerting driver, beside the service leases (service ids never contain "#"): its
 * holder tracks incidents and sends notifications for every instance (README.md "Several instances").
 */
export const ALERTING_LEASE = "#alerting";

/** Without NOTIFY, how often an instance that does not drive the alerting reads the incidents, ms. */
const INCIDENT_POLL_MS = 1_000;

/** A manual check asked of the owner waits at most this long beyond the check's own bound. */
const REMOTE_MARGIN_MS = 3_000;

/**
 * Joins an engine to the other instances sharing its PostgreSQL database: leases decide which
 * services it schedules, the relay brings every other instance's checks to its statuses and live
 * streams, and a check-now of a service another instance owns is run there, once.
 */
export class Cluster implements Peers {
  readonly instanceId: string;
  private readonly pool: pg.Pool;
  private readonly leases: LeaseKeeper;
  private readonly relay: Relay;
  private readonly requests: CheckRequests;
  private readonly waiting = new Map<string, { resolve: (c: CheckRecord) => void; reject: (e: Error) => void }>();
  private hash: string;
  private readonly incidents: IncidentWatch;
  private incidentTimer?: ReturnType<typeof setInterval>;
  private looking?: Promise<void>;

  constructor(private readonly engine: Engine, store: PostgresStore, options: ClusterOptions) {
    this.instanceId = options.instanceId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.hash = configHash(engine.config);
    // Nothing is scheduled here until the first beat says what this instance owns.
    engine.scheduler.setOwned(new Set());
    // Its own small pool with a query bound, so a hung connection cannot stall lease renewal.
    this.pool = openPgPool(options.url, 2, options.leaseMs);
    const onError = (err: unknown) => engine.log.log("warn", "cluster_error", { error: err instanceof Error ? err.message : String(err) });
    this.leases = new LeaseKeeper({
      pool: this.pool,
      instanceId: this.instanceId,
      configHash: this.hash,
      ttlMs: options.leaseMs,
      services: () => [...engine.config.services.map((s) => ({ id: s.id, interval: s.timing.interval })), { id: ALERTING_LEASE, interval: options.leaseMs }],
      dueOf: (id) => engine.scheduler.dueOf(id),
      onChange: (owned, due) => {
        const services = new Set(owned);
        const leads = services.delete(ALERTING_LEASE);
        engine.scheduler.setOwned(services, due);
        engine.log.log("info", "ownership_changed", { owned: services.size, gained: due.size, alerting: leads });
        void engine.leadAlerting(leads);
      },
      onError,
    });
    this.incidents = new IncidentWatch(engine.alerting.store, (change, incident) => engine.bus.emitIncident({ change, incident }));
    this.relay = new Relay({
      url: options.url,
      pool: store.pool,
      instanceId: this.instanceId,
      notify: options.notify,
      feed: (after) => store.checksAfter(after),
      onChecks: (items) => {
        for (const i of items) engine.applyRemoteCheck(i.check, i.counters);
      },
      onControl: (msg) => this.onControl(msg),
      onError,
    });
    this.requests = new CheckRequests({
      pool: this.pool,
      instanceId: this.instanceId,
      owned: () => this.leases.owned,
      run: async (id) => {
        const check = await engine.scheduler.checkNow(id, "manual");
        const entry = engine.scheduler.get(id);
        return check && entry ? { check, counters: entry.counters } : undefined;
      },
      onError,
    });
  }

  /** Schedules nothing until the first beat decides ownership, then starts relaying. */
  async start(): Promise<void> {
    shareSecretFromDatabase(await sharedShareSecret(this.pool));
    keepSnapshotsIn(new SharedSnapshots(this.pool));
    this.engine.scheduler.remoteCheck = (id) => this.remoteCheck(id);
    await this.relay.start();
    await this.leases.start();
    this.requests.start();
    this.incidentTimer = setInterval(() => void this.followIncidents(), INCIDENT_POLL_MS);
    this.incidentTimer.unref();
  }

  /** Tells the other instances about a check this one ran. */
  publish(check: CheckRecord, counters: ServiceCounters): void {
    this.relay.publish({ check, counters });
  }

  /** Tells the other instances about alerting news; they read the details from the shared store. */
  alertNews(news: AlertNews): void {
    this.relay.control({ type: "alerts", from: this.instanceId, news }).catch((err: unknown) => this.engine.log.log("warn", "cluster_error", { error: err instanceof Error ? err.message : String(err) }));
  }

  /** A new config: its fingerprint is compared with the other instances' from the next beat. */
  configChanged(): void {
    this.hash = configHash(this.engine.config);
    this.leases.setConfigHash(this.hash);
    void this.leases.tick();
  }

  /** This instance's view of the cluster. */
  view(): ClusterView {
    const others = this.leases.members.filter((m) => m.id !== this.instanceId && m.configHash !== this.hash);
    const owned = this.leases.owned.size - (this.leases.owned.has(ALERTING_LEASE) ? 1 : 0);
    const view: ClusterView = { instance: this.instanceId, instances: Math.max(1, this.leases.members.length), owned, alerting: this.engine.alerting.driving, relay: this.relay.mode };
    if (others.length > 0) view.configDiffers = `${others.length} other instance(s) run a different config (${others.map((m) => m.id).join(", ")}); each checks its own file`;
    return view;
  }

  /**
   * Claims the rate-limit gate `key` for `gapMs` across every instance: 0 when claimed, else the
   * ms until it may be. An unreachable database lets the request through (the local check decides).
   */
  async claimGap(key: string, gapMs: number): Promise<number> {
    try {
      const claimed = await this.pool.query(
        `INSERT INTO gates (key, until) VALUES ($1, now() + $2::int * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE gates.until <= now() RETURNING key`,
        [key, gapMs],
      );
      if (claimed.rows.length > 0) return 0;
      const { rows } = await this.pool.query<{ ms: number }>("SELECT greatest(1, ceil(extract(epoch FROM until - now()) * 1000))::int AS ms FROM gates WHERE key = $1", [key]);
      return rows[0]?.ms ?? 0;
    } catch {
      return 0;
    }
  }

  /** Restarts the gate's gap from now (a limit that runs from the end of the work it guards). */
  async extendGap(key: string, gapMs: number): Promise<void> {
    await this.pool.query("UPDATE gates SET until = greatest(until, now() + $2::int * interval '1 millisecond') WHERE key = $1", [key, gapMs]).catch(() => undefined);
  }

  /** Whether the database answers within two seconds. */
  async reachable(): Promise<boolean> {
    const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    return Promise.race([this.pool.query("SELECT 1").then(() => true, () => false), late]);
  }

  /** Releases every lease at once (another instance takes them within a beat); the relay stays up for checks in flight. */
  async release(): Promise<void> {
    await this.leases.stop().catch((err: unknown) => this.engine.log.log("warn", "lease_release_failed", { error: err instanceof Error ? err.message : String(err) }));
    await this.relay.control({ type: "released", from: this.instanceId }).catch(() => undefined);
  }

  /** Stops relaying and closes the coordination pool. */
  async stop(): Promise<void> {
    clearInterval(this.incidentTimer);
    await this.relay.stop();
    await this.requests.stop();
    for (const w of this.waiting.values()) w.reject(new Error("check refused: the dashboard is shutting down"));
    await this.pool.end().catch(() => undefined);
  }

  /** Without NOTIFY, incident changes of the driving instance reach this one's live streams by reading the store. */
  private async followIncidents(): Promise<void> {
    if (this.relay.mode === "notify" || this.engine.alerting.driving || this.engine.shuttingDown) return this.incidents.reset();
    if (this.looking) return;
    this.looking = this.incidents.look().catch((err: unknown) => this.engine.log.log("warn", "cluster_error", { error: err instanceof Error ? err.message : String(err) }));
    await this.looking;
    this.looking = undefined;
  }

  /**
   * Asks the instances to run a manual check of `id`; the owner answers with the finished check.
   * Without notifications the request goes through the database (`CheckRequests`), and one no
   * owner claims within two seconds runs here (undefined).
   */
  private remoteCheck(id: string): Promise<CheckRecord | undefined> | undefined {
    const service = this.engine.service(id);
    if (!service) return undefined;
    const bound = service.timing.timeout * (service.timing.retries + 1) + REMOTE_MARGIN_MS + 10_000;
    if (this.relay.mode !== "notify") {
      return this.requests.ask(id, bound).then((answer) => {
        if (!("item" in answer)) return undefined;
        this.engine.applyRemoteCheck(answer.item.check, answer.item.counters);
        return answer.item.check;
      });
    }
    const req = randomBytes(8).toString("hex");
    return new Promise<CheckRecord>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(req);
        reject(new Error(`no instance answered the check of ${id}`));
      }, bound);
      this.waiting.set(req, {
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.relay.control({ type: "check", from: this.instanceId, req, service: id }).catch((err: unknown) => this.waiting.get(req)?.reject(err instanceof Error ? err : new Error(String(err))));
    });
  }

  private onControl(msg: ControlMessage): void {
    if (msg.type === "released") void this.leases.tick();
    else if (msg.type === "alerts") void this.engine.applyAlertNews(msg.news).catch((err: unknown) => this.engine.log.log("warn", "cluster_error", { error: err instanceof Error ? err.message : String(err) }));
    else if (msg.type === "check") void this.answerCheck(msg);
    else if (msg.type === "checked" && msg.to === this.instanceId) {
      const w = this.waiting.get(msg.req);
      if (!w) return;
      this.waiting.delete(msg.req);
      if (msg.item) {
        this.engine.applyRemoteCheck(msg.item.check, msg.item.counters);
        w.resolve(msg.item.check);
      } else w.reject(new Error(msg.error ?? "the check failed on its owner"));
    }
  }

  /** Runs a check asked for by another instance when this one owns the service (joining one in flight). */
  private async answerCheck(msg: Extract<ControlMessage, { type: "check" }>): Promise<void> {
    if (!this.leases.owned.has(msg.service)) return;
    const reply = (item?: RelayedCheck, error?: string) => this.relay.control({ type: "checked", from: this.instanceId, to: msg.from, req: msg.req, item, error });
    try {
      const check = await this.engine.scheduler.checkNow(msg.service, "manual");
      const entry = this.engine.scheduler.get(msg.service);
      if (!check || !entry) return void (await reply(undefined, "unknown service"));
      await reply({ check, counters: entry.counters });
    } catch (err) {
      await reply(undefined, err instanceof Error ? err.message : String(err)).catch(() => undefined);
    }
  }
}
