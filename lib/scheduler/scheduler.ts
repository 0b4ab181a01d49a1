import type { CheckType } from "@/lib/checks/types";
import type { ServiceConfig } from "@/lib/config/load";
import type { CheckRecord, NewCheck, ServiceCounters, Trigger } from "@/lib/model";
import { ProbeCore, type ProbeCommands, type ProbeEvent } from "@/lib/scheduler/probe-core";
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
  /**
   * Runs the timing side (timers and probes) elsewhere, e.g. on its own thread
   * (lib/scheduler/probe-thread.ts); in this thread when not given.
   */
  link?: (emit: (event: ProbeEvent) => void) => ProbeCommands;
  /** Every secret of the config, for a timing side that builds its own scrubber. */
  secrets?: () => readonly string[];
}

/** The scheduler's live state of one service. */
export interface ServiceRuntime {
  service: ServiceConfig;
  counters: ServiceCounters;
  lastCheck?: CheckRecord;
  /** When this service's current run began (dashboard start, or when it was added or changed). */
  startedAt: number;
  inFlight?: Promise<CheckRecord>;
  /** When its next scheduled check is due, as the timing side last said. */
  nextAt?: number;
  /** Set when a newer config replaced or removed this service: its late results are dropped. */
  retired?: boolean;
}

interface Entry extends ServiceRuntime {
  /** Names this version of the service to the timing side. */
  gen: number;
  settle?: { resolve: (c: CheckRecord) => void; reject: (e: Error) => void };
}

const SHUTTING_DOWN = "check refused: the dashboard is shutting down";

/**
 * Runs every service's checks on its interval and records them: the timing side
 * (lib/scheduler/probe-core.ts) starts each check at its slot and measures it; this side appends
 * it to the store, applies it to the counters and tells the engine. The two talk in events and
 * commands only, so the timing side can run on a thread of its own (ARCHITECTURE.md "Scheduler").
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  /** Entries by version, including retired ones whose check is still in flight. */
  private readonly byGen = new Map<number, Entry>();
  private readonly core: ProbeCommands;
  private nextGen = 1;
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
    const emit = (event: ProbeEvent) => this.onEvent(event);
    this.core = deps.link?.(emit) ?? new ProbeCore({ emit, scrub: deps.scrub, resolveType: deps.resolveType });
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
    const next = new Map<string, Entry>();
    for (const service of services) {
      const old = this.entries.get(service.id);
      if (old && JSON.stringify(old.service) === JSON.stringify(service)) {
        next.set(service.id, old);
        continue;
      }
      if (old) this.retire(old);
      const r = restored?.get(service.id);
      const entry: Entry = { service, counters: r?.counters ?? initialCounters(now), lastCheck: r?.lastCheck, startedAt: now, gen: this.nextGen++ };
      next.set(service.id, entry);
      this.byGen.set(entry.gen, entry);
    }
    for (const [id, old] of this.entries) if (!next.has(id)) this.retire(old);
    this.entries.clear();
    for (const [id, e] of next) this.entries.set(id, e);
    this.sendServices();
  }

  /** Starts the timers, spreading first checks so a thousand services do not fire at once. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.core.start();
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
    this.owned = new Set(ids);
    for (const [id, at] of due) {
      const e = this.entries.get(id);
      if (e) e.nextAt = at;
    }
    this.sendOwned([...due]);
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

  /** Stops scheduling; checks in flight are aborted after `graceMs`, then recorded or refused. */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    this.stopped = true;
    await this.core.stop(graceMs);
    this.refuseInFlight(SHUTTING_DOWN);
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
    if (this.stopped) return Promise.reject(new Error(SHUTTING_DOWN));
    const remote = this.owns(entry) ? undefined : this.remoteCheck?.(id);
    if (!remote) return this.runHere(entry, trigger);
    // Still the service's one check in flight while it waits for the owner or runs here after all.
    return this.track(entry, remote.then((check) => check ?? this.runHere(entry, trigger)));
  }

  /**
   * The timing side started anew (its thread was replaced): checks it had in flight are lost, so
   * their callers hear so, and it is told everything again; timers resume from the services' last checks.
   */
  private restarted(): void {
    this.refuseInFlight("the check was lost: the probe thread restarted");
    this.sendServices();
    this.sendOwned([]);
    if (this.running) this.core.start();
  }

  private sendServices(): void {
    const timed = [...this.entries.values()].map((e) => ({ service: e.service, gen: e.gen, last: e.lastCheck?.startedAt }));
    this.core.setServices(timed, this.deps.secrets?.() ?? []);
  }

  private sendOwned(due: [string, number][]): void {
    if (this.owned === undefined) return;
    const last = [...this.entries.values()].flatMap((e): [string, number][] => (e.lastCheck ? [[e.service.id, e.lastCheck.startedAt]] : []));
    this.core.setOwned([...this.owned], due, last);
  }

  private onEvent(event: ProbeEvent): void {
    switch (event.t) {
      case "started": {
        if (event.lateMs !== undefined) this.deps.onLateness?.(event.lateMs);
        const entry = this.byGen.get(event.gen);
        if (!entry) return;
        if (event.nextAt !== undefined) entry.nextAt = event.nextAt;
        if (!entry.inFlight) void this.expect(entry).catch(() => undefined);
        return;
      }
      case "due":
        for (const [, gen, at] of event.items) {
          const entry = this.byGen.get(gen);
          if (entry) entry.nextAt = at;
        }
        return;
      case "finished": {
        const entry = this.byGen.get(event.gen);
        if (!entry) return void this.deps.store.append(event.check);
        const check = this.record(entry, event.check);
        this.settle(entry, (s) => s.resolve(check));
        return;
      }
      case "restarted":
        return this.restarted();
      case "failed": {
        const entry = event.gen === -1 ? this.entries.get(event.id) : this.byGen.get(event.gen);
        if (entry) this.settle(entry, (s) => s.reject(new Error(event.message)));
        return;
      }
    }
  }

  private record(entry: Entry, finished: NewCheck): CheckRecord {
    const check = this.deps.store.append(finished);
    if (entry.retired) return check;
    const previous = entry.counters;
    entry.counters = applyCheck(previous, check, entry.service.timing, entry.startedAt);
    entry.lastCheck = check;
    this.deps.store.saveCounters(entry.service.id, entry.counters);
    this.deps.onCheck?.(entry.service, check, entry.counters, previous);
    return check;
  }

  /** Asks the timing side to run a check of `entry` now; settled when it reports the result. */
  private runHere(entry: Entry, trigger: Trigger): Promise<CheckRecord> {
    const run = this.expect(entry);
    this.core.checkNow(entry.service.id, trigger);
    return run;
  }

  /** A check of `entry` the timing side runs: settled when it reports the result. */
  private expect(entry: Entry): Promise<CheckRecord> {
    const run = new Promise<CheckRecord>((resolve, reject) => (entry.settle = { resolve, reject }));
    return this.track(entry, run);
  }

  private settle(entry: Entry, how: (s: NonNullable<Entry["settle"]>) => void): void {
    const s = entry.settle;
    entry.settle = undefined;
    if (s) how(s);
    if (entry.retired) this.byGen.delete(entry.gen);
  }

  private refuseInFlight(message: string): void {
    for (const entry of this.byGen.values()) if (entry.settle) this.settle(entry, (s) => s.reject(new Error(message)));
  }

  /** Marks `run` as the service's check in flight until it settles. */
  private track(entry: Entry, run: Promise<CheckRecord>): Promise<CheckRecord> {
    entry.inFlight = run;
    void run.finally(() => {
      if (entry.inFlight === run) entry.inFlight = undefined;
    }).catch(() => undefined);
    return run;
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    if (!entry.settle) this.byGen.delete(entry.gen);
  }
}
