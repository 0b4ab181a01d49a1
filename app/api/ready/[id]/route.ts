import { ApiError, handle, json } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";
import { readyView } from "@/lib/api/startup-view";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The readiness gate (README "Dependencies"): 200 when every required dependency of the service, transitively,
 * is up or degraded; else 503 with what it waits for. Never cached: a gate must see the present.
 */
export const GET = handle(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const engine = getEngine();
  const view = readyView(engine.config.services, engine.graphStatuses(), id);
  if (!view) throw new ApiError(404, "not_found", `unknown service "${id}"`);
  return json(view, { status: view.ready ? 200 : 503 });
});
