import { ApiError } from "@/lib/api/respond";
import { checkItem, type CheckItem } from "@/lib/api/check-view";
import { notFound } from "@/lib/api/service-detail";
import { transitiveDependents, waves } from "@/lib/graph";
import type { CheckRecord, Outcome, Status } from "@/lib/model";
import type { Engine } from "@/lib/runtime/engine";
import type { ServiceView } from "@/lib/runtime/view";

/** The least time between two manual checks of one service that the API starts. */
export const MANUAL_GAP_MS = 2_000;

/** Remembers when each service last had a manual check, to answer 429 to a burst. */
export class ManualLimiter {
  private readonly last = new Map<string, number>();

  constructor(private readonly gapMs = MANUAL_GAP_MS) {}

  /** Milliseconds until a new manual check of `id` may start; 0 when it may start now. */
  wait(id: string, now: number): number {
    const last = this.last.get(id);
    return last === undefined ? 0 : Math.max(0, last + this.gapMs - now);
  }

  /** Records a manual check of `id` at `now` (its start, then again its end). */
  mark(id: string, now: number): void {
    this.last.set(id, now);
  }
}

// Route bundles may each load this module; the limiter must be one per engine, like the engine.
const KEY = Symbol.for("depwatch.manualLimiters");
type Holder = { [KEY]?: WeakMap<Engine, ManualLimiter> };

/** The limiter of this engine (one per process). */
export function limiterFor(engine: Engine): ManualLimiter {
  const g = globalThis as Holder;
  const map = (g[KEY] ??= new WeakMap());
  let l = map.get(engine);
  if (!l) map.set(engine, (l = new ManualLimiter()));
  return l;
}

/** One re-checked dependent in a `?downstream=1` answer. */
export interface DownstreamItem {
  id: string;
  checkId: number;
  passed: boolean;
  attempts: number;
  outcome: Outcome;
  durationMs: number;
  status: Status;
}

/** The body of `POST /api/services/{id}/check`. */
export interface ManualCheckResult {
  check: CheckItem;
  /** The service after the check, as `/api/status` shows it. */
  service: ServiceView;
  downstream?: { checked: number; passed: number; failed: number; services: DownstreamItem[] };
}

function accepting(engine: Engine): boolean {
  return !engine.shuttingDown && engine.scheduler.accepting;
}

function shuttingDown(): ApiError {
  return new ApiError(503, "shutting_down", "the dashboard is shutting down; no new checks start");
}

/** Re-checks `id`'s transitive dependents, wave by wave so each sees its dependencies' new status. */
async function recheckDownstream(engine: Engine, id: string): Promise<CheckRecord[]> {
  const wanted = new Set(transitiveDependents(engine.config.services, id));
  const done: CheckRecord[] = [];
  for (const wave of waves(engine.config.services)) {
    const ids = wave.filter((x) => wanted.has(x));
    if (ids.length === 0) continue;
    if (!accepting(engine)) break;
    const runs = ids.flatMap((x) => engine.scheduler.checkNow(x, "manual") ?? []);
    done.push(...(await Promise.all(runs)));
  }
  return done;
}

/**
 * Runs a manual check of a configured service (joining one in flight), then, when asked, its
 * dependents. A new check within MANUAL_GAP_MS of the last manual one is a 429 with Retry-After.
 */
export async function runManualCheck(engine: Engine, id: string, options: { downstream?: boolean } = {}): Promise<ManualCheckResult> {
  if (!engine.service(id)) throw notFound(id);
  if (!accepting(engine)) throw shuttingDown();
  const limiter = limiterFor(engine);
  let run = engine.scheduler.get(id)?.inFlight;
  if (!run) {
    // With several instances the gap is kept in the shared database, so it holds across them all.
    const wait = engine.peers ? await engine.peers.claimGap(`check:${id}`, MANUAL_GAP_MS) : limiter.wait(id, Date.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ApiError(429, "too_many_requests", `${id} was checked manually moments ago; try again in ${seconds} s`, { "retry-after": String(seconds) });
    }
    limiter.mark(id, Date.now());
    run = engine.scheduler.checkNow(id, "manual");
    if (!run) throw notFound(id);
  }
  const check = await run;
  // The gap runs from the end of the check, so a slow check cannot be followed by an instant retry.
  limiter.mark(id, Date.now());
  await engine.peers?.extendGap(`check:${id}`, MANUAL_GAP_MS);
  const service = engine.serviceStatus(id);
  if (!service) throw notFound(id); // removed by a config reload while it ran
  const result: ManualCheckResult = { check: checkItem(check, engine.scrub), service };
  if (options.downstream) {
    const checks = await recheckDownstream(engine, id);
    const services = checks.map((c): DownstreamItem => {
      const last = c.attempts[c.attempts.length - 1];
      return { id: c.serviceId, checkId: c.id, passed: c.passed, attempts: c.attempts.length, outcome: last?.outcome ?? "error", durationMs: c.durationMs, status: engine.serviceStatus(c.serviceId)?.status ?? "pending" };
    });
    const passed = services.filter((s) => s.passed).length;
    result.downstream = { checked: services.length, passed, failed: services.length - passed, services };
    result.service = engine.serviceStatus(id) ?? result.service;
  }
  return result;
}
