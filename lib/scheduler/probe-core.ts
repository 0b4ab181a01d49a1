import { setMaxListeners } from "node:events";
import { checkTypeOf } from "@/lib/checks";
import type { CheckType } from "@/lib/checks/types";
import type { ServiceConfig } from "@/lib/config/load";
import type { NewCheck, Trigger } from "@/lib/model";
import { runCheck } from "@/lib/scheduler/run-check";

/** A service as the timing side knows it: `gen` names this version of it, `last` is when its last check started. */
export interface TimedService {
  service: ServiceConfig;
  gen: number;
  last?: number;
}

/** What the timing side reports; each names the service and the version (`gen`) it ran. */
export type ProbeEvent =
  | { t: "started"; id: string; gen: number; trigger: Trigger; lateMs?: number; nextAt?: number }
  | { t: "due"; items: [id: string, gen: number, at: number][] }
  | { t: "finished"; id: string; gen: number; check: NewCheck }
  | { t: "failed"; id: string; gen: number; message: string }
  /** The timing side was replaced (its thread died): it knows nothing until told again. */
  | { t: "restarted" };

/** The commands of `ProbeCommands` as messages to a worker thread. */
export type ProbeCommand =
  | { c: "services"; services: TimedService[]; secrets: readonly string[] }
  | { c: "start" }
  | { c: "owned"; ids: readonly string[] | undefined; due: [string, number][]; last: [string, number][] }
  | { c: "check"; id: string; trigger: Trigger }
  | { c: "stop"; graceMs: number };

/** How the timing side is driven; the same commands go to a worker thread as messages. */
export interface ProbeCommands {
  setServices(services: TimedService[], secrets: readonly string[]): void;
  start(): void;
  setOwned(ids: readonly string[] | undefined, due: [string, number][], last: [string, number][]): void;
  checkNow(id: string, trigger: Trigger): void;
  stop(graceMs: number): Promise<void>;
}

/** What the timing side is built from. */
export interface ProbeCoreDeps {
  emit: (event: ProbeEvent) => void;
  /** Removes secrets from attempt messages (rebuilt from `secrets` when not given). */
  scrub?: (text: string) => string;
  resolveType?: (type: string) => CheckType;
  makeScrub?: (secrets: readonly string[]) => (text: string) => string;
}

interface Slot extends TimedService {
  nextAt: number;
  /** The step this slot waits in (its `nextAt` when it was armed). */
  armedAt?: number;
  running?: Promise<void>;
  retired?: boolean;
}

/** Start-up spread: each service gets its slot in a window of this much per service, at most one interval. */
const SPREAD_PER_SERVICE_MS = 10;

/**
 * Scheduled starts fall on a grid (counted from the epoch) wherever the interval is a multiple of
 * its step, so the services due in one step share one wake-up of the thread instead of one each.
 * On a machine of 2 cores a wake-up costs about as much as the request itself: at 100 checks/s,
 * starting ten together more than halves the CPU (README.md, "Performance"). The step is at most
 * `START_GRID_MS`, and finer when the checks per second would put more than `PER_STEP` in one.
 */
export const START_GRID_MS = 100;
const PER_STEP = 10;
const STEPS = [100, 50, 25, 20, 10, 5, 2, 1];

/** The grid step for this many scheduled checks a second. */
export function startGrid(checksPerSecond: number): number {
  return STEPS.find((g) => (checksPerSecond * g) / 1000 <= PER_STEP) ?? 1;
}

function gcd(a: number, b: number): number {
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

/** The step of `interval` on `grid`: the largest dividing both (1: the interval keeps exact times). */
function gridStep(interval: number, grid: number): number {
  return gcd(Math.round(interval), grid);
}

/**
 * `at` moved onto the largest grid step dividing both `interval` and `grid`: up, or down with
 * `down`. An interval prime to the grid keeps its exact time.
 */
export function onStartGrid(at: number, interval: number, grid = START_GRID_MS, down = false): number {
  const step = gridStep(interval, grid);
  if (step <= 1) return at;
  return (down ? Math.floor(at / step) : Math.ceil(at / step)) * step;
}

/**
 * The timing side of the scheduler: the services' timers, their probes and their clock. It keeps no
 * history and no counters: a finished check is reported (`finished`) and recorded elsewhere, so
 * it can run on a thread of its own where a busy server cannot delay a probe (ARCHITECTURE.md
 * "Scheduler"). Checks of one service never overlap (a due tick while one runs is skipped).
 */
export class ProbeCore implements ProbeCommands {
  private readonly slots = new Map<string, Slot>();
  /**
   * One timer per due time, for every slot due then: the slots of a grid step start in one
   * callback. (With a timer each, Node reckons each expiry from the loop's cached clock at the
   * time it was armed, so timers for the same instant could fire in different turns.)
   */
  private readonly steps = new Map<number, { timer: ReturnType<typeof setTimeout>; slots: Set<Slot> }>();
  private readonly stopController = new AbortController();
  private running = false;
  private checksInFlight = 0;
  private owned?: ReadonlySet<string>;
  private scrub: (text: string) => string;

  constructor(private readonly deps: ProbeCoreDeps) {
    // Every attempt in flight listens on the stop signal; a thousand at once is expected.
    setMaxListeners(0, this.stopController.signal);
    this.scrub = deps.scrub ?? ((t) => t);
  }

  /** Checks started and not yet reported. */
  get inFlight(): number {
    return this.checksInFlight;
  }

  setServices(services: TimedService[], secrets: readonly string[]): void {
    if (this.deps.makeScrub) this.scrub = this.deps.makeScrub(secrets);
    const now = Date.now();
    const next = new Map<string, Slot>();
    const fresh: Slot[] = [];
    for (const s of services) {
      const old = this.slots.get(s.service.id);
      if (old && old.gen === s.gen) {
        next.set(s.service.id, old);
        continue;
      }
      if (old) this.retire(old);
      const slot: Slot = { ...s, nextAt: now };
      next.set(s.service.id, slot);
      fresh.push(slot);
    }
    for (const [id, old] of this.slots) if (!next.has(id)) this.retire(old);
    this.slots.clear();
    for (const [id, s] of next) this.slots.set(id, s);
    if (this.running) this.spread(fresh.filter((s) => this.owns(s)), now);
  }

  start(): void {
    if (this.running || this.stopController.signal.aborted) return;
    this.running = true;
    this.spread([...this.slots.values()].filter((s) => this.owns(s)), Date.now());
  }

  setOwned(ids: readonly string[] | undefined, due: [string, number][], last: [string, number][]): void {
    const before = this.owned;
    this.owned = ids === undefined ? undefined : new Set(ids);
    for (const [id, at] of last) {
      const s = this.slots.get(id);
      if (s && (s.last === undefined || at > s.last)) s.last = at;
    }
    const dueAt = new Map(due);
    const gained: Slot[] = [];
    const armed: Slot[] = [];
    for (const s of this.slots.values()) {
      const was = before === undefined || before.has(s.service.id);
      const is = this.owns(s);
      if (was && !is) {
        this.disarm(s);
      } else if (!was && is) {
        const at = dueAt.get(s.service.id);
        if (at === undefined) gained.push(s);
        else {
          s.nextAt = at;
          this.arm(s);
          armed.push(s);
        }
      }
    }
    this.report(armed);
    if (this.running) this.spread(gained, Date.now());
  }

  checkNow(id: string, trigger: Trigger): void {
    const slot = this.slots.get(id);
    if (!slot || slot.retired) return this.deps.emit({ t: "failed", id, gen: -1, message: `unknown service ${id}` });
    if (slot.running) return; // the check in flight answers
    if (this.stopController.signal.aborted) return this.deps.emit({ t: "failed", id, gen: slot.gen, message: "check refused: the dashboard is shutting down" });
    this.launch(slot, trigger);
  }

  /** Stops scheduling; checks in flight are aborted after `graceMs` and awaited (their results reported). */
  async stop(graceMs: number): Promise<void> {
    this.running = false;
    for (const s of this.slots.values()) this.disarm(s);
    const inFlight = [...this.slots.values()].flatMap((s) => (s.running ? [s.running] : []));
    const grace = setTimeout(() => this.stopController.abort(), graceMs);
    await Promise.allSettled(inFlight);
    clearTimeout(grace);
    this.stopController.abort();
  }

  private owns(s: Slot): boolean {
    return this.owned === undefined || this.owned.has(s.service.id);
  }

  private spread(slots: Slot[], now: number): void {
    let rate = 0;
    for (const s of this.slots.values()) if (!s.retired && this.owns(s)) rate += 1000 / s.service.timing.interval;
    const grid = startGrid(rate);
    // A service restored with a last check keeps its cadence (due one interval after that check),
    // so after a restart nobody waits longer than an interval and the load stays spread as it was.
    const unplaced: Slot[] = [];
    for (const s of slots) {
      const interval = s.service.timing.interval;
      const due = s.last !== undefined ? s.last + interval : -Infinity;
      if (due < now || due > now + interval) {
        unplaced.push(s);
        continue;
      }
      // Onto the grid: down (never later than one interval after that check) unless that is past.
      const down = onStartGrid(due, interval, grid, true);
      s.nextAt = down >= now ? down : onStartGrid(now, interval, grid);
      this.arm(s);
    }
    // The rest (new, or overdue after a long stop) get evenly spaced slots: on the grid, as many
    // to each step of the window, so a step is never left half full.
    const n = unplaced.length;
    unplaced.forEach((s, i) => {
      const interval = s.service.timing.interval;
      const window = Math.min(interval, n * SPREAD_PER_SERVICE_MS);
      const step = gridStep(interval, grid);
      if (step <= 1) s.nextAt = now + Math.floor((i / n) * window);
      else s.nextAt = onStartGrid(now, interval, grid) + Math.floor((i * Math.max(1, Math.floor(window / step))) / n) * step;
      this.arm(s);
    });
    this.report(slots);
  }

  /** Tells the recording side when these services are due next (for handing them over). */
  private report(slots: Slot[]): void {
    if (slots.length > 0) this.deps.emit({ t: "due", items: slots.map((s) => [s.service.id, s.gen, s.nextAt]) });
  }

  private arm(slot: Slot): void {
    this.disarm(slot);
    if (!this.running || slot.retired || !this.owns(slot)) return;
    const at = slot.nextAt;
    let step = this.steps.get(at);
    if (!step) {
      step = { slots: new Set(), timer: setTimeout(() => this.fire(at), Math.max(0, at - Date.now())) };
      this.steps.set(at, step);
    }
    step.slots.add(slot);
    slot.armedAt = at;
  }

  private disarm(slot: Slot): void {
    if (slot.armedAt === undefined) return;
    const step = this.steps.get(slot.armedAt);
    if (step) {
      step.slots.delete(slot);
      if (step.slots.size === 0) {
        clearTimeout(step.timer);
        this.steps.delete(slot.armedAt);
      }
    }
    slot.armedAt = undefined;
  }

  /** Starts every slot due at `at`, in one callback. */
  private fire(at: number): void {
    const step = this.steps.get(at);
    if (!step) return;
    this.steps.delete(at);
    for (const slot of step.slots) {
      slot.armedAt = undefined;
      this.tick(slot);
    }
  }

  private tick(slot: Slot): void {
    if (!this.running || slot.retired || !this.owns(slot)) return;
    const now = Date.now();
    const lateMs = now - slot.nextAt;
    // Keep the cadence of starts; slots missed while a check ran are skipped, not queued.
    const interval = slot.service.timing.interval;
    do slot.nextAt += interval;
    while (slot.nextAt <= now);
    this.arm(slot);
    if (slot.running) this.report([slot]);
    else this.launch(slot, "schedule", { lateMs, nextAt: slot.nextAt });
  }

  /** Runs a check of `slot`; `timing` says how late a scheduled one started and when the next is due. */
  private launch(slot: Slot, trigger: Trigger, timing?: { lateMs: number; nextAt: number }): void {
    const { service, gen } = slot;
    const id = service.id;
    this.deps.emit({ t: "started", id, gen, trigger, ...timing });
    slot.last = Date.now();
    const run = (async () => {
      try {
        const result = await runCheck({
          serviceId: id,
          checkType: (this.deps.resolveType ?? checkTypeOf)(service.check.type),
          config: service.check,
          timing: service.timing,
          trigger,
          stop: this.stopController.signal,
          scrub: this.scrub,
        });
        if (result.cut) return this.deps.emit({ t: "failed", id, gen, message: "check stopped: the dashboard is shutting down" });
        const { cut: _cut, ...check } = result;
        this.deps.emit({ t: "finished", id, gen, check });
      } catch (err) {
        this.deps.emit({ t: "failed", id, gen, message: err instanceof Error ? err.message : String(err) });
      }
    })();
    slot.running = run;
    this.checksInFlight++;
    void run.finally(() => {
      this.checksInFlight--;
      if (slot.running === run) slot.running = undefined;
    });
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    this.disarm(slot);
  }
}
