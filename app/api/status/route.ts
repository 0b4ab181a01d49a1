import { handle } from "@/lib/api/respond";
import { statusBodyFor } from "@/lib/api/status-body";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The status of every service, serialised once per change (lib/api/status-body.ts). */
export const GET = handle(() => new Response(statusBodyFor(getEngine()).json(), { headers: { "content-type": "application/json", "cache-control": "no-store" } }));
