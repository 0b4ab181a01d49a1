import { notificationsPage } from "@/lib/api/alerts";
import { handle, json } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The notification delivery log, newest first: `?incident&limit&before`. */
export const GET = handle(async (req: Request) => json(await notificationsPage(getEngine(), new URL(req.url).searchParams)));
