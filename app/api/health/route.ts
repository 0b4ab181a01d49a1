import { errorResponse, handle, json } from "@/lib/api/respond";
import { ShuttingDownError } from "@/lib/errors";
import { maybeEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The dashboard's own liveness: 503 while starting up and once shutting down. */
export const GET = handle(() => {
  const engine = maybeEngine();
  if (!engine) return errorResponse(503, "starting", "the engine is not running yet");
  if (engine.shuttingDown) throw new ShuttingDownError();
  return json({ status: "ok", uptimeMs: Date.now() - engine.startedAt, services: engine.config.services.length });
});
