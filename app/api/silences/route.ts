import { createSilence, listSilences } from "@/lib/api/alerts";
import { ApiError, handle, json } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Active and recent silences. */
export const GET = handle(async () => json(await listSilences(getEngine())));

/** `{ services?, groups?, reason, createdBy, duration | endsAt, startsAt? }` → the silence. */
export const POST = handle(async (req: Request) => {
  assertSameOrigin(req);
  let body: unknown;
  try {
    body = JSON.parse((await req.text()) || "{}");
  } catch {
    throw new ApiError(400, "bad_request", "the body is not valid JSON");
  }
  return json(await createSilence(getEngine(), body), { status: 201 });
});
