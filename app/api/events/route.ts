import { createEventStream, feedFor, SSE_HEADERS } from "@/lib/api/sse";
import { LIVE_BATCH_MS } from "@/lib/api/sse-batch";
import { handle } from "@/lib/api/respond";
import { ShuttingDownError } from "@/lib/errors";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-Sent Events: `check` for every finished check, `config` on config changes. */
export const GET = handle((request: Request) => {
  const engine = getEngine();
  engine.assertAccepting();
  if (engine.bus.closed) throw new ShuttingDownError();
  // One feed per engine: the batcher is per bus, so every stream shares its chunks.
  return new Response(createEventStream({ bus: feedFor(engine.bus), signal: request.signal, batchMs: LIVE_BATCH_MS }), { headers: SSE_HEADERS });
});
