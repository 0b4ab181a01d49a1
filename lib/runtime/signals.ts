import type { Engine } from "@/lib/runtime/engine";

/**
 * SIGTERM/SIGINT: health turns 503 at once (engine.shuttingDown), no new checks start, checks in
 * flight get `DEPWATCH_GRACE` (default 10 s) to finish, the store is flushed, then exit 0.
 * Next's own handlers are off (NEXT_MANUAL_SIG_HANDLE) so the drain is ours.
 */
export function installSignalHandlers(engine: Engine): void {
  const grace = Number(process.env.DEPWATCH_GRACE_MS ?? "") || 10_000;
  const onSignal = (signal: NodeJS.Signals) => {
    if (engine.shuttingDown) return;
    engine.log.log("info", "signal", { signal });
    void engine.shutdown(grace).finally(() => process.exit(0));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
