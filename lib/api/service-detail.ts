import { ApiError, quoteInput } from "@/lib/api/respond";
import type { ChecksPage, LatencyView, ServiceDetail } from "@/lib/api/shapes";
import { checkItem } from "@/lib/api/check-view";
import { parseChecksQuery, parseLatencyQuery } from "@/lib/api/checks-query";
import { dependents } from "@/lib/graph";
import type { Status } from "@/lib/model";
import type { Engine } from "@/lib/runtime/engine";
import type { ServiceView } from "@/lib/api/shapes";
import { redactedCheck, serviceStatusView } from "@/lib/api/status-view";

/** The 404 of every per-service route. */
export function notFound(id: string): ApiError {
  return new ApiError(404, "not_found", `no service with id ${quoteInput(id)} in the config`);
}

/** The service view of a configured id; throws the 404 otherwise. */
export function requireService(engine: Engine, id: string): ServiceView {
  const view = serviceStatusView(engine, id);
  if (!view) throw notFound(id);
  return view;
}

function statusOf(engine: Engine, id: string): Status {
  return serviceStatusView(engine, id)?.status ?? "pending";
}

/** A service with its redacted check config, timing, dependencies and direct dependents. */
export function serviceDetail(engine: Engine, id: string): ServiceDetail {
  const view = requireService(engine, id);
  const s = engine.service(id)!;
  const down = dependents(engine.config.services).get(id) ?? [];
  return {
    ...view,
    dependsOn: view.dependsOn.map((d) => ({ ...d, status: statusOf(engine, d.id) })),
    dependents: down.map((d) => ({ id: d.id, optional: d.optional, status: statusOf(engine, d.id) })),
    check: redactedCheck(s),
    timing: s.timing,
    uptime: engine.uptime(id),
  };
}

/** One page of a service's history for the given query parameters. */
export async function checksPage(engine: Engine, id: string, params: URLSearchParams): Promise<ChecksPage> {
  requireService(engine, id);
  const query = parseChecksQuery(params);
  const page = await engine.listChecks(id, query);
  const out: ChecksPage = { checks: page.checks.map((c) => checkItem(c, engine.scrub)) };
  if (page.next !== undefined) out.next = page.next;
  return out;
}

/** Latency percentiles and retry/timeout totals of a service over a range. */
export async function latencyView(engine: Engine, id: string, params: URLSearchParams): Promise<LatencyView> {
  requireService(engine, id);
  const q = parseLatencyQuery(params);
  const [points, counts] = await Promise.all([engine.latencySeries(id, q.from, q.to, q.buckets), engine.counts(id, q.from, q.to)]);
  return {
    from: new Date(q.from).toISOString(),
    to: new Date(q.to).toISOString(),
    points: points.map((p) => ({ at: new Date(p.at).toISOString(), p50: p.p50, p95: p.p95, samples: p.samples })),
    counts,
  };
}
