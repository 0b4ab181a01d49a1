import { errorResponse, handle, json } from "@/lib/api/respond";
import { ShuttingDownError } from "@/lib/errors";
import { storageView } from "@/lib/api/status-view";
import { maybeEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The dashboard's own liveness: 503 while starting up and once shutting down. A store that cannot
 * write keeps it 200 (restarting would not free the disk) but says `storage: "failing"`.
 */
export const GET = handle(() => {
  const engine = maybeEngine();
  if (!engine) return errorResponse(503, "starting", "the engine is not running yet");
  if (engine.shuttingDown) throw new ShuttingDownError();
  const storage = storageView(engine);
  return json({ status: storage ? "degraded" : "ok", storage: storage ? "failing" : "ok", ...(storage ? { storageError: storage.error, backlog: storage.backlog } : {}), uptimeMs: Date.now() - engine.startedAt, services: engine.config.services.length });
});
