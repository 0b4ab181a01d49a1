import { incidentsPage } from "@/lib/api/alerts";
import { handle, json } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Incidents, newest first: `?from&to&service&open&limit&before`. */
export const GET = handle(async (req: Request) => json(await incidentsPage(getEngine(), new URL(req.url).searchParams)));
