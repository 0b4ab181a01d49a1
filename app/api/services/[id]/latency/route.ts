import { handle, json } from "@/lib/api/respond";
import { latencyView } from "@/lib/api/service-detail";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Latency p50/p95 per bucket and retry/timeout totals: `?from&to&range&buckets`. */
export const GET = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return json(await latencyView(getEngine(), id, new URL(req.url).searchParams));
});
