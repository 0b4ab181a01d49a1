import { MANUAL_GAP_MS } from "@/lib/runtime/manual-limiter";
import { ApiError } from "@/lib/api/respond";
import { checkItem } from "@/lib/api/check-view";
import { notFound } from "@/lib/api/service-detail";
import { transitiveDependents, waves } from "@/lib/graph";
import type { CheckRecord } from "@/lib/model";
import type { Engine } from "@/lib/runtime/engine";
import type { DownstreamItem, ManualCheckResult } from "@/lib/api/shapes";
import { serviceStatusView } from "@/lib/api/status-view";

/** Re-checks `id`'s transitive dependents, wave by wave so each sees its dependencies' new status. */
async function recheckDownstream(engine: Engine, id: string): Promise<CheckRecord[]> {
  const wanted = new Set(transitiveDependents(engine.config.services, id));
  const done: CheckRecord[] = [];
  for (const wave of waves(engine.config.services)) {
    const ids = wave.filter((x) => wanted.has(x));
    if (ids.length === 0) continue;
    if (!engine.accepting) break;
    const runs = ids.flatMap((x) => engine.checkNow(x, "manual") ?? []);
    done.push(...(await Promise.all(runs)));
  }
  return done;
}

/**
 * Runs a manual check of a configured service (joining one in flight), then, when asked, its
 * dependents. A new check within the engine's manual gap (lib/runtime/manual-limiter.ts) of the last manual one is a 429 with Retry-After.
 */
export async function runManualCheck(engine: Engine, id: string, options: { downstream?: boolean } = {}): Promise<ManualCheckResult> {
  if (!engine.service(id)) throw notFound(id);
  engine.assertAccepting();
  const limiter = engine.manualLimiter;
  let run = engine.inFlight(id);
  if (!run) {
    // With several instances the gap is kept in the shared database, so it holds across them all.
    const wait = engine.peers ? await engine.peers.claimGap(`check:${id}`, MANUAL_GAP_MS) : limiter.wait(id, Date.now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ApiError(429, "too_many_requests", `${id} was checked manually moments ago; try again in ${seconds} s`, { "retry-after": String(seconds) });
    }
    limiter.mark(id, Date.now());
    run = engine.checkNow(id, "manual");
    if (!run) throw notFound(id);
  }
  const check = await run;
  // The gap runs from the end of the check, so a slow check cannot be followed by an instant retry.
  limiter.mark(id, Date.now());
  await engine.peers?.extendGap(`check:${id}`, MANUAL_GAP_MS);
  const service = serviceStatusView(engine, id);
  if (!service) throw notFound(id); // removed by a config reload while it ran
  const result: ManualCheckResult = { check: checkItem(check, engine.scrub), service };
  if (options.downstream) {
    const checks = await recheckDownstream(engine, id);
    const services = checks.map((c): DownstreamItem => {
      const last = c.attempts[c.attempts.length - 1];
      return { id: c.serviceId, checkId: c.id, passed: c.passed, attempts: c.attempts.length, outcome: last?.outcome ?? "error", durationMs: c.durationMs, status: serviceStatusView(engine, c.serviceId)?.status ?? "pending" };
    });
    const passed = services.filter((s) => s.passed).length;
    result.downstream = { checked: services.length, passed, failed: services.length - passed, services };
    result.service = serviceStatusView(engine, id) ?? result.service;
  }
  return result;
}
