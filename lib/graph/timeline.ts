import { graphOf } from "@/lib/graph/build";
import type { GraphNode } from "@/lib/graph/validate";
import { transitiveRequired } from "@/lib/graph/waves";

/** What is known of one service's current start-up (epoch ms). */
export interface StartupEvent {
  /** When its current start-up began: first checked, or when a dependency went down. */
  startedAt: number;
  /** When it first became up or degraded in this start-up; null while it has not. */
  readyAt: number | null;
}

/** One service's line in the start-up timeline. */
export interface TimelineEntry {
  id: string;
  startedAt: number;
  readyAt: number | null;
  /** readyAt − origin, for drawing. */
  readyAfterMs: number | null;
  /** When it and every required dependency beneath it were ready: when its readiness gate opened. */
  gateOpenAt: number | null;
  /** How long it waited on its required dependencies after it started; null while still waiting. */
  waitedMs: number | null;
  /** The direct required dependency that became ready last, when it waited at all. */
  waitedOn: string | null;
  /** Required dependencies (transitive) that have not become ready yet, dependencies first. */
  waitingFor: string[];
}

/** The start-up timeline of all services and the critical path through it. */
export interface StartupTimeline {
  origin: number;
  /** One entry per service, in start-up order. */
  services: TimelineEntry[];
  /** The service whose readiness gate opened last (it and its required dependencies ready), if any. */
  lastReady: string | null;
  /** How long the critical path took: lastReady's gateOpenAt minus the first path service's startedAt. */
  totalMs: number | null;
  /** Every service is ready and waits for nothing. */
  complete: boolean;
  /** The chain that decided when lastReady became ready, first service first, lastReady last. */
  criticalPath: string[];
}

/**
 * Builds the start-up timeline (README "Dependencies"). A dependency counts as ready once it and all of its own
 * required dependencies are (its gateOpenAt), so waits follow the readiness gate; optional
 * dependencies are not waited on. A service missing from `events` started at `origin` and is not ready.
 */
export function startupTimeline(nodes: readonly GraphNode[], events: ReadonlyMap<string, StartupEvent>, origin: number): StartupTimeline {
  const g = graphOf(nodes);
  const closure = transitiveRequired(nodes);
  const byId = new Map<string, TimelineEntry>();
  const readyAtOf = (id: string) => events.get(id)?.readyAt ?? null;
  for (const id of g.order) {
    const startedAt = events.get(id)?.startedAt ?? origin;
    const readyAt = readyAtOf(id);
    let depsReady = true;
    let last: string | null = null;
    let lastAt = -Infinity;
    for (const d of g.required.get(id)!) {
      const dep = byId.get(d)!;
      if (dep.gateOpenAt === null) depsReady = false;
      else if (dep.gateOpenAt > lastAt) {
        // Strictly later only: dependencies come sorted by id, so ties go to the first id.
        last = d;
        lastAt = dep.gateOpenAt;
      }
    }
    const waitedMs = !depsReady ? null : last === null ? 0 : Math.max(0, lastAt - startedAt);
    byId.set(id, {
      id,
      startedAt,
      readyAt,
      readyAfterMs: readyAt === null ? null : readyAt - origin,
      gateOpenAt: readyAt === null || !depsReady ? null : Math.max(readyAt, lastAt),
      waitedMs,
      waitedOn: waitedMs !== null && waitedMs > 0 ? last : null,
      // Only computed when something is missing, so a settled start-up costs one pass over the edges.
      waitingFor: depsReady ? [] : [...closure.get(id)!].filter((d) => readyAtOf(d) === null).sort((a, b) => g.rank.get(a)! - g.rank.get(b)!),
    });
  }

  const services = g.order.map((id) => byId.get(id)!);
  // The service whose gate opened last; on a tie the later one in start-up order (the dependent),
  // so a service that passed early but had to wait for a dependency is shown waiting on it.
  let lastReady: TimelineEntry | null = null;
  for (const s of services) if (s.gateOpenAt !== null && (lastReady === null || s.gateOpenAt >= lastReady.gateOpenAt!)) lastReady = s;
  const complete = services.every((s) => s.readyAt !== null && s.waitingFor.length === 0);
  // While start-up goes on, the path leads to what it still waits for (over required edges only);
  // a service that only optional dependents use holds nobody back, so it never ends the path.
  const waitingEnd = complete ? null : lastWaiting(services, g.dependents);
  const criticalPath = waitingEnd === null ? pathBack(lastReady, byId, () => null) : pathBack(waitingEnd, byId, (e) => notReadyDep(e, g.required, byId, g.rank));
  return {
    origin,
    services,
    lastReady: lastReady?.id ?? null,
    // A path that leads to what start-up still waits for has no length yet.
    totalMs: waitingEnd !== null || lastReady === null ? null : lastReady.gateOpenAt! - byId.get(criticalPath[0]!)!.startedAt,
    complete,
    criticalPath,
  };
}

/**
 * The chain ending at `end`, first service first, over required edges only: at each step the
 * not-ready dependency `next` names (during start-up), else the dependency it waited on last.
 */
function pathBack(end: TimelineEntry | null, byId: ReadonlyMap<string, TimelineEntry>, next: (e: TimelineEntry) => string | null): string[] {
  const path: string[] = [];
  for (let at = end; at !== null; ) {
    path.unshift(at.id);
    const step = next(at) ?? at.waitedOn;
    at = step === null ? null : byId.get(step)!;
  }
  return path;
}

/**
 * The service last in start-up order whose gate has not opened, leaving out those only optional
 * dependents use: where an unfinished start-up ends. Null when nothing but such services waits.
 */
function lastWaiting(services: readonly TimelineEntry[], dependents: ReadonlyMap<string, { optional: boolean }[]>): TimelineEntry | null {
  for (let i = services.length - 1; i >= 0; i--) {
    const s = services[i]!;
    const users = dependents.get(s.id) ?? [];
    if (s.gateOpenAt === null && (users.length === 0 || users.some((u) => !u.optional))) return s;
  }
  return null;
}

/** The required dependency of `e` whose gate has not opened, latest in start-up order (the longest chain). */
function notReadyDep(e: TimelineEntry, required: ReadonlyMap<string, string[]>, byId: ReadonlyMap<string, TimelineEntry>, rank: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  for (const d of required.get(e.id) ?? []) {
    if (byId.get(d)!.gateOpenAt === null && (best === null || rank.get(d)! > rank.get(best)!)) best = d;
  }
  return best;
}
