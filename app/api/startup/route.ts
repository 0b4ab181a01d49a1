import { handle, json } from "@/lib/api/respond";
import { startupView } from "@/lib/api/startup-view";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The start-up timeline: per service when it became ready and what it waited on, the critical path and the waves. */
export const GET = handle(() => json(startupView(getEngine().startup)));
