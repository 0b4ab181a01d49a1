import { badgeSvg, BADGE_COLOURS, BADGE_HEADERS } from "@/lib/api/badge";
import { handle } from "@/lib/api/respond";
import { serviceStatusView } from "@/lib/api/status-view";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** An SVG status badge, e.g. `![status](https://dash/api/badge/api)`, labelled with the service's name; `?label=` replaces it. */
export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const s = serviceStatusView(getEngine(), id);
  const label = (new URL(request.url).searchParams.get("label") || s?.name || "depwatch").slice(0, 40);
  // An unknown id still answers an image (so a README shows something), with a 404 status.
  if (!s) return new Response(badgeSvg(label, "not found", BADGE_COLOURS.unknown), { status: 404, headers: BADGE_HEADERS });
  return new Response(badgeSvg(label, s.status, BADGE_COLOURS[s.status]), { headers: BADGE_HEADERS });
});
