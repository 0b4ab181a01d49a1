import { sendTest } from "@/lib/api/alerts";
import { handle, json } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Queues a test notification on one channel; answers the queued delivery. */
export const POST = handle(async (req: Request, ctx: { params: Promise<{ channel: string }> }) => {
  assertSameOrigin(req);
  return json(await sendTest(getEngine(), (await ctx.params).channel), { status: 202 });
});
