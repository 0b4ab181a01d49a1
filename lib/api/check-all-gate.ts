import { ApiError } from "@/lib/api/respond";
import { checkAll, claimCheckAllRound } from "@/lib/api/check-all";
import type { CheckAllSummary } from "@/lib/api/shapes";
import { perEngine } from "@/lib/api/per-engine";
import { parseDuration } from "@/lib/units";
import type { Engine } from "@/lib/runtime/engine";

/** The least time from the end of one re-check-all round to the start of the next (SPEC §4). */
export const ROUND_GAP_MS = 10_000;

/** The gap from `DEPWATCH_RECHECK_ALL_GAP` ("10s", "0s"), else ROUND_GAP_MS. */
export function roundGapFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.DEPWATCH_RECHECK_ALL_GAP?.trim();
  const ms = raw ? parseDuration(raw) : undefined;
  return ms ?? ROUND_GAP_MS;
}

/**
 * One re-check-all round at a time: a call while a round for the same group runs joins it (fifty
 * clicks make one round), and a new round within `gapMs` of the end of the last one, or while a
 * round for another group runs, is a 429 with Retry-After. This keeps `POST /api/check` from
 * turning any client into load on every dependency.
 */
export class RoundGate {
  private running: { group: string | undefined; done: Promise<CheckAllSummary> } | undefined;
  private lastEnd = Number.NEGATIVE_INFINITY;

  constructor(private readonly gapMs = roundGapFromEnv()) {}

  /** Runs `round` unless one is in flight (joined) or the gap since the last has not passed (429). */
  run(group: string | undefined, round: () => Promise<CheckAllSummary>, now = Date.now()): Promise<CheckAllSummary> {
    if (this.running && this.running.group === group) return this.running.done;
    const wait = this.running ? this.gapMs : this.lastEnd + this.gapMs - now;
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      return Promise.reject(new ApiError(429, "too_many_requests", `every service was re-checked moments ago; try again in ${seconds} s`, { "retry-after": String(seconds) }));
    }
    // Only a round that ran starts the gap: a 404 for an unknown group checked nothing.
    const done = round().then((summary) => {
      this.lastEnd = Date.now();
      return summary;
    }).finally(() => (this.running = undefined));
    this.running = { group, done };
    return done;
  }
}

/** The round gate of this engine (one per process). */
export const roundGateFor = perEngine("roundGates", () => new RoundGate());

/** `POST /api/check`: re-checks every service (or one group's) through the engine's round gate. */
export function checkAllGated(engine: Engine, group: string | undefined): Promise<CheckAllSummary> {
  return roundGateFor(engine).run(group, async () => {
    // With several instances, the shared gate holds across them too (README.md "Several instances").
    await claimCheckAllRound(engine, group);
    return checkAll(engine, { group });
  });
}
