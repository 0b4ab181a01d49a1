import { endSilence } from "@/lib/api/alerts";
import { handle, json } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends a silence now. */
export const DELETE = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  assertSameOrigin(req);
  return json(await endSilence(getEngine(), (await ctx.params).id));
});
