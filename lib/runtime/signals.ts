import { parseDuration } from "@/lib/units";
import type { Engine } from "@/lib/runtime/engine";

/** The drain's default bound (README "Operating it"). */
export const DEFAULT_GRACE_MS = 10_000;

// Beyond the grace, closing the store and ending streams should take moments; if the drain is
// still stuck this long after the grace, something is wedged and a non-zero exit says so.
const STUCK_MARGIN_MS = 5_000;

/** The grace period from `DEPWATCH_GRACE` ("10s", "1m30s"); the default when unset or malformed. */
export function graceFromEnv(env: NodeJS.ProcessEnv = process.env): { graceMs: number; invalid?: string } {
  const raw = env.DEPWATCH_GRACE?.trim();
  if (!raw) return { graceMs: DEFAULT_GRACE_MS };
  const ms = parseDuration(raw);
  return ms === undefined ? { graceMs: DEFAULT_GRACE_MS, invalid: raw } : { graceMs: ms };
}

/** What else must stop before the engine drains (e.g. the config watcher). */
export interface ShutdownHooks {
  beforeDrain?: () => void;
}

/**
 * SIGTERM/SIGINT: health turns 503 at once (engine.shuttingDown), live streams close, no new checks
 * start, checks in flight get `DEPWATCH_GRACE` (default 10 s) to finish, the store is flushed, then
 * the process exits 0. Next's own handlers are off (NEXT_MANUAL_SIG_HANDLE=true), so the HTTP
 * server keeps answering during the drain and the exit code is ours.
 */
export function installSignalHandlers(engine: Engine, hooks: ShutdownHooks = {}): void {
  const { graceMs, invalid } = graceFromEnv();
  if (invalid !== undefined) engine.log.log("warn", "grace_invalid", { value: invalid, graceMs });
  const onSignal = (signal: NodeJS.Signals) => {
    // Repeats are ignored: a terminal's Ctrl-C reaches both scripts/start.mjs and this process,
    // and the wrapper forwards it too, so one keypress can arrive twice.
    if (engine.shuttingDown) return;
    engine.log.log("info", "signal", { signal, graceMs });
    const stuck = setTimeout(() => {
      engine.log.log("error", "shutdown_stuck", { graceMs });
      process.exit(1);
    }, graceMs + STUCK_MARGIN_MS);
    stuck.unref();
    try {
      hooks.beforeDrain?.();
    } catch (err) {
      engine.log.log("warn", "shutdown_hook_failed", { error: err instanceof Error ? err.message : String(err) });
    }
    engine.shutdown(graceMs).then(
      () => process.exit(0),
      (err: unknown) => {
        engine.log.log("error", "shutdown_failed", { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
