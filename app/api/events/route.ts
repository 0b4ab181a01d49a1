import { createEventStream, liveFeed, SSE_HEADERS } from "@/lib/api/sse";
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
  return new Response(createEventStream({ bus: liveFeed(engine.bus), signal: request.signal }), { headers: SSE_HEADERS });
});
