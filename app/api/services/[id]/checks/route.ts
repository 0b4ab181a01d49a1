import { handle, json } from "@/lib/api/respond";
import { checksPage } from "@/lib/api/service-detail";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A page of the service's checks, newest first: `?from&to&range&outcome&limit&before`. */
export const GET = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return json(await checksPage(getEngine(), id, new URL(req.url).searchParams));
});
