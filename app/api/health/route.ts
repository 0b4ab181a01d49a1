import { errorResponse, handle, json } from "@/lib/api/respond";
import { ShuttingDownError } from "@/lib/errors";
import { storageView } from "@/lib/api/status-view";
import { maybeEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The dashboard's own liveness: 503 while starting up and once shutting down. A store that cannot
 * write keeps it 200 (restarting would not free the disk) but says `storage: "failing"`. With a
 * shared PostgreSQL database it also says whether the database answers and how many instances run.
 */
export const GET = handle(async () => {
  const engine = maybeEngine();
  if (!engine) return errorResponse(503, "starting", "the engine is not running yet");
  if (engine.shuttingDown) throw new ShuttingDownError();
  const storage = storageView(engine);
  const body: Record<string, unknown> = { status: storage ? "degraded" : "ok", storage: storage ? "failing" : "ok", ...(storage ? { storageError: storage.error, backlog: storage.backlog } : {}), uptimeMs: Date.now() - engine.startedAt, services: engine.config.services.length };
  if (engine.peers) {
    body.database = (await engine.peers.reachable()) ? "ok" : "unreachable";
    body.cluster = engine.peers.view();
  }
  return json(body);
});
