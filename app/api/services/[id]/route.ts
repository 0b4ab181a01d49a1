import { handle, json } from "@/lib/api/respond";
import { serviceDetail } from "@/lib/api/service-detail";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A service as in /api/status, plus its redacted check config, timing, dependencies and dependents. */
export const GET = handle(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return json(serviceDetail(getEngine(), id));
});
