import { setMaxListeners } from "node:events";
import { checkTypeOf } from "@/lib/checks";
import type { CheckType } from "@/lib/checks/types";
import type { ServiceConfig } from "@/lib/config/load";
import type { CheckRecord, ServiceCounters, Trigger } from "@/lib/model";
import { runCheck } from "@/lib/scheduler/run-check";
import { applyCheck, initialCounters } from "@/lib/scheduler/status";
import type { Store } from "@/lib/store/types";

/** Everything the scheduler needs, passed in. */
export interface SchedulerDeps {
  store: Store;
  /** Called after every finished check, with the service's new counters. */
  onCheck?: (service: ServiceConfig, check: CheckRecord, counters: ServiceCounters, previous: ServiceCounters) => void;
  /** Removes secrets from attempt messages. */
  scrub?: (text: string) => string;
  /** Called with how late a scheduled check started, in ms. */
  onLateness?: (lateMs: number) => void;
  /** Resolves a check type; the registry unless a test scripts its own probes. */
  resolveType?: (type: string) => CheckType;
}

/** The scheduler's live state of one service. */
export interface ServiceRuntime {
  service: ServiceConfig;
  counters: ServiceCounters;
  lastCheck?: CheckRecord;
  /** When this service's current run began (dashboard start, or when it was added or changed). */
  startedAt: number;
  inFlight?: Promise<CheckRecord>;
  timer?: ReturnType<typeof setTimeout>;
  nextAt: number;
  /** Set when a newer config replaced or removed this service: its late results are dropped. */
  retired?: boolean;
}

/** Start-up spread: each service gets its slot in a window of this much per service, at most one interval. */
const SPREAD_PER_SERVICE_MS = 10;

/**
 * Runs every service's checks on its own timer. Checks of one service never overlap (a due tick
 * while one runs is skipped); each check is independent, so a hung target delays nobody else.
 */
export class Scheduler {
  private readonly entries = new Map<string, ServiceRuntime>();
  private readonly stopController = new AbortController();
  private running = false;
  private stopped = false;
  /** The services this instance schedules; undefined means every one (a single instance). */
  private owned?: ReadonlySet<string>;
  /**
   * Runs a manual check of a service another instance schedules (README.md "Several instances");
   * undefined, or a promise that settles to undefined (nobody else took it), runs it here.
   */
  remoteCheck?: (id: string) => Promise<CheckRecord | undefined> | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    // Every attempt in flight listens on the stop signal; a thousand at once is expected.
    setMaxListeners(0, this.stopController.signal);
  }

  /** The live state of a service, or undefined for an unknown id. */
  get(id: string): ServiceRuntime | undefined {
    return this.entries.get(id);
  }

  /** Every service's live state, in config order. */
  all(): ServiceRuntime[] {
    return [...this.entries.values()];
  }

  /**
   * Applies a (new) list of services: unchanged ones keep their state and timers, changed ones
   * restart their run, removed ones stop. `restored` seeds counters (e.g. from the store).
   */
  setServices(services: ServiceConfig[], restored?: Map<string, { counters: ServiceCounters; lastCheck?: CheckRecord }>): void {
    const now = Date.now();
    const next = new Map<string, ServiceRuntime>();
    const fresh: ServiceRuntime[] = [];
    for (const service of services) {
      const old = this.entries.get(service.id);
      if (old && JSON.stringify(old.service) === JSON.stringify(service)) {
        next.set(service.id, old);
        continue;
      }
      if (old) this.retire(old);
      const r = restored?.get(service.id);
      const entry: ServiceRuntime = { service, counters: r?.counters ?? initialCounters(now), lastCheck: r?.lastCheck, startedAt: now, nextAt: now };
      next.set(service.id, entry);
      fresh.push(entry);
    }
    for (const [id, old] of this.entries) if (!next.has(id)) this.retire(old);
    this.entries.clear();
    for (const [id, e] of next) this.entries.set(id, e);
    if (this.running) this.spread(fresh.filter((e) => this.owns(e)), now);
  }

  /** Starts the timers, spreading first checks so a thousand services do not fire at once. */
  start(): void {
    if (this.running || this.stopController.signal.aborted) return;
    this.running = true;
    this.spread(this.all().filter((e) => this.owns(e)), Date.now());
  }

  /** Whether this instance schedules the service's checks. */
  owns(entry: ServiceRuntime): boolean {
    return this.owned === undefined || this.owned.has(entry.service.id);
  }

  /**
   * Schedules only `ids` from now on (README.md "Several instances"): services given up stop at
   * once (a check in flight finishes), services gained start at `due.get(id)` when given, else
   * one interval after their last check or spread like new ones.
   */
  setOwned(ids: ReadonlySet<string>, due: ReadonlyMap<string, number> = new Map()): void {
    const before = this.owned;
    this.owned = new Set(ids);
    const gained: ServiceRuntime[] = [];
    for (const e of this.entries.values()) {
      const was = before === undefined || before.has(e.service.id);
      const is = this.owned.has(e.service.id);
      if (was && !is) {
        clearTimeout(e.timer);
        e.timer = undefined;
      } else if (!was && is) {
        const at = due.get(e.service.id);
        if (at === undefined) gained.push(e);
        else {
          e.nextAt = at;
          this.arm(e);
        }
      }
    }
    if (this.running) this.spread(gained, Date.now());
  }

  /** When the service's next scheduled check is due, if this instance schedules it. */
  dueOf(id: string): number | undefined {
    const e = this.entries.get(id);
    return e && this.running && this.owns(e) && !e.retired ? e.nextAt : undefined;
  }

  /**
   * Takes in a check another instance ran, with that service's new counters; ignored when not
   * newer than the last one known. Returns the entry and its previous counters when applied.
   */
  observe(check: CheckRecord, counters: ServiceCounters): { entry: ServiceRuntime; previous: ServiceCounters } | undefined {
    const entry = this.entries.get(check.serviceId);
    if (!entry || entry.retired || (entry.lastCheck && entry.lastCheck.id >= check.id)) return undefined;
    const previous = entry.counters;
    entry.counters = counters;
    entry.lastCheck = check;
    return { entry, previous };
  }

  /** Stops scheduling; checks in flight are aborted after `graceMs` and awaited. */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    this.stopped = true;
    for (const e of this.entries.values()) clearTimeout(e.timer);
    const inFlight = this.all().flatMap((e) => (e.inFlight ? [e.inFlight] : []));
    if (inFlight.length === 0) {
      this.stopController.abort();
      return;
    }
    const grace = setTimeout(() => this.stopController.abort(), graceMs);
    await Promise.allSettled(inFlight);
    clearTimeout(grace);
    this.stopController.abort();
  }

  /** Whether new checks may start. */
  get accepting(): boolean {
    return this.running;
  }

  /** Runs a check now, or joins the one in flight; never two at a time for one service. */
  checkNow(id: string, trigger: Trigger = "manual"): Promise<CheckRecord> | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.inFlight) return entry.inFlight;
    if (this.stopped) return Promise.reject(new Error("check refused: the dashboard is shutting down"));
    const remote = this.owns(entry) ? undefined : this.remoteCheck?.(id);
    if (!remote) return this.launch(entry, trigger);
    // Still the service's one check in flight while it waits for the owner or runs here after all.
    return this.track(entry, remote.then((check) => check ?? this.run(entry, trigger)));
  }

  private spread(entries: ServiceRuntime[], now: number): void {
    // A service restored with a last check keeps its cadence (due one interval after that check),
    // so after a restart nobody waits longer than an interval and the load stays spread as it was.
    const unplaced: ServiceRuntime[] = [];
    for (const e of entries) {
      const due = e.lastCheck ? e.lastCheck.startedAt + e.service.timing.interval : -Infinity;
      if (due < now || due > now + e.service.timing.interval) {
        unplaced.push(e);
        continue;
      }
      e.nextAt = due;
      this.arm(e);
    }
    // The rest (new, or overdue after a long stop) get evenly spaced slots.
    const n = unplaced.length;
    unplaced.forEach((e, i) => {
      const window = Math.min(e.service.timing.interval, n * SPREAD_PER_SERVICE_MS);
      e.nextAt = now + Math.floor((i / Math.max(1, n)) * window);
      this.arm(e);
    });
  }

  private arm(entry: ServiceRuntime): void {
    clearTimeout(entry.timer);
    if (!this.running || entry.retired || !this.owns(entry)) return;
    entry.timer = setTimeout(() => this.tick(entry), Math.max(0, entry.nextAt - Date.now()));
  }

  private tick(entry: ServiceRuntime): void {
    if (!this.running || entry.retired || !this.owns(entry)) return;
    const now = Date.now();
    if (!entry.inFlight) {
      this.deps.onLateness?.(now - entry.nextAt);
      void this.launch(entry, "schedule").catch(() => undefined);
    }
    // Keep the cadence of starts; slots missed while a check ran are skipped, not queued.
    const interval = entry.service.timing.interval;
    do entry.nextAt += interval;
    while (entry.nextAt <= now);
    this.arm(entry);
  }

  private launch(entry: ServiceRuntime, trigger: Trigger): Promise<CheckRecord> {
    return this.track(entry, this.run(entry, trigger));
  }

  /** Runs one check here, stores it and applies it to the service's counters. */
  private async run(entry: ServiceRuntime, trigger: Trigger): Promise<CheckRecord> {
    const { service } = entry;
    const result = await runCheck({
      serviceId: service.id,
      checkType: (this.deps.resolveType ?? checkTypeOf)(service.check.type),
      config: service.check,
      timing: service.timing,
      trigger,
      stop: this.stopController.signal,
      scrub: this.deps.scrub,
    });
    if (result.cut) throw new Error("check stopped: the dashboard is shutting down");
    const { cut: _cut, ...finished } = result;
    const check = this.deps.store.append(finished);
    if (entry.retired) return check;
    const previous = entry.counters;
    entry.counters = applyCheck(previous, check, service.timing, entry.startedAt);
    entry.lastCheck = check;
    this.deps.store.saveCounters(service.id, entry.counters);
    this.deps.onCheck?.(service, check, entry.counters, previous);
    return check;
  }

  /** Marks `run` as the service's check in flight until it settles. */
  private track(entry: ServiceRuntime, run: Promise<CheckRecord>): Promise<CheckRecord> {
    entry.inFlight = run;
    void run.finally(() => {
      if (entry.inFlight === run) entry.inFlight = undefined;
    }).catch(() => undefined);
    return run;
  }

  private retire(entry: ServiceRuntime): void {
    entry.retired = true;
    clearTimeout(entry.timer);
  }
}
