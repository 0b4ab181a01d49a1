import { runManualCheck } from "@/lib/api/check-now";
import { handle, json } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Runs a check now (joining one in flight); `?downstream=1` re-checks the dependents after it. */
export const POST = handle(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  assertSameOrigin(req);
  const { id } = await ctx.params;
  const downstream = ["1", "true", "yes"].includes(new URL(req.url).searchParams.get("downstream") ?? "");
  return json(await runManualCheck(getEngine(), id, { downstream }));
});
