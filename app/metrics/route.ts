import { handle } from "@/lib/api/respond";
import { statusView } from "@/lib/api/status-view";
import { getEngine } from "@/lib/runtime/instance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus text exposition (format 0.0.4) of per-service status, counters and histograms. */
export const GET = handle(() => {
  const engine = getEngine();
  const storage = engine.storageHealth();
  const body = engine.metrics.render(statusView(engine).services, engine.configIssues.length === 0, { failing: storage?.status === "failing", backlog: storage?.backlog ?? 0 });
  return new Response(body, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
});
