import { badgeSvg, BADGE_COLOURS, BADGE_HEADERS, uptimeBadge } from "@/lib/api/badge";
import { handle } from "@/lib/api/respond";
import { serviceStatusView } from "@/lib/api/status-view";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * An SVG status badge, e.g. `![status](https://dash/api/badge/api)`; labelled with the service's name; `?label=` replaces it;
 * `?show=uptime&range=30d` shows the uptime over 24h, 7d, 30d or 90d instead of the status.
 */
export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const q = new URL(request.url).searchParams;
  const engine = getEngine();
  const s = serviceStatusView(engine, id);
  const label = (q.get("label") || (q.get("show") === "uptime" ? `uptime ${q.get("range") ?? "30d"}` : s?.name || "depwatch")).slice(0, 40);
  // An unknown id still answers an image (so a README shows something), with a 404 status.
  if (!s) return new Response(badgeSvg(label, "not found", BADGE_COLOURS.unknown), { status: 404, headers: BADGE_HEADERS });
  if (q.get("show") === "uptime") {
    const b = uptimeBadge(engine.uptime(id), q.get("range"));
    return new Response(badgeSvg(label, b.message, b.colour), { status: b.ok ? 200 : 400, headers: BADGE_HEADERS });
  }
  return new Response(badgeSvg(label, s.status, BADGE_COLOURS[s.status]), { headers: BADGE_HEADERS });
});
