import { incidentDetail } from "@/lib/api/alerts";
import { handle, json } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One incident with its notifications. */
export const GET = handle(async (_req: Request, ctx: { params: Promise<{ id: string }> }) => json(await incidentDetail(getEngine(), (await ctx.params).id)));
