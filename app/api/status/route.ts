import { statusView } from "@/lib/api/status-view";
import { handle, json } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(() => json(statusView(getEngine())));
