import { createEventStream, SSE_HEADERS } from "@/lib/api/sse";
import { LIVE_BATCH_MS } from "@/lib/api/sse-batch";
import { errorResponse, handle } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-Sent Events: `check` for every finished check, `config` on config changes. */
export const GET = handle((request: Request) => {
  const engine = getEngine();
  if (engine.shuttingDown || engine.bus.closed) return errorResponse(503, "shutting_down", "the dashboard is shutting down");
  return new Response(createEventStream({ bus: engine.bus, signal: request.signal, batchMs: LIVE_BATCH_MS }), { headers: SSE_HEADERS });
});
