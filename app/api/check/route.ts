import { z } from "zod";
import { checkAll, claimCheckAllRound } from "@/lib/api/check-all";
import { handle, json } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ group: z.string().min(1).max(200).optional() });

/** Re-checks every service, or those of `?group=`, and answers a summary. */
export const POST = handle(async (request: Request) => {
  assertSameOrigin(request);
  const engine = getEngine();
  engine.assertAccepting();
  const { group } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  await claimCheckAllRound(engine, group);
  return json(await checkAll(engine, { group }));
});
