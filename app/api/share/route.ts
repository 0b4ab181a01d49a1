import { ApiError, handle, json } from "@/lib/api/respond";
import { assertSameOrigin, requestOrigin } from "@/lib/api/same-origin";
import { statusView } from "@/lib/api/status-view";
import { getEngine } from "@/lib/runtime/instance";
import { createShare } from "@/lib/share/share";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{ service?, range?, ttl? }` → `{ url, token, expiresAt }`: a signed link to a frozen snapshot. */
export const POST = handle(async (request: Request) => {
  assertSameOrigin(request);
  const engine = getEngine();
  engine.assertAccepting();
  const text = await request.text();
  let body: unknown = {};
  try {
    if (text.trim()) body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "bad_request", "the body is not valid JSON");
  }
  const source: Parameters<typeof createShare>[0] = {
    status: () => statusView(engine),
    listChecks: (id, query) => engine.listChecks(id, query),
    has: (id: string) => engine.service(id) !== undefined,
    scrub: engine.scrub,
  };
  return json(await createShare(source, body, requestOrigin(request)), { status: 201 });
});
