import type { CheckEventView, ConfigEventView, LastCheckView, ServiceView, StatusEventView, StatusView, StorageView } from "@/lib/api/shapes";
import { redact } from "@/lib/config/redact";
import type { ConfigIssue, ServiceConfig } from "@/lib/config/load";
import type { GraphState } from "@/lib/graph";
import type { CheckCounts, CheckRecord } from "@/lib/model";
import { issuesText } from "@/lib/runtime/derive";
import type { Engine } from "@/lib/runtime/engine";
import type { CheckNews, ConfigNews, StatusNews } from "@/lib/runtime/events";
import type { ServiceRuntime } from "@/lib/scheduler/scheduler";

/** The last check in its API shape. */
export function lastCheckView(check: CheckRecord | undefined): LastCheckView | null {
  if (!check) return null;
  const last = check.attempts[check.attempts.length - 1];
  return {
    at: new Date(check.startedAt).toISOString(),
    durationMs: check.durationMs,
    attempts: check.attempts.length,
    outcome: last?.outcome ?? "error",
    message: last?.message ?? null,
    passed: check.passed,
  };
}

/** Renders one service in its API shape. */
export function serviceView(s: ServiceConfig, e: Readonly<ServiceRuntime> | undefined, d: GraphState | undefined, target: string, recent: CheckCounts): ServiceView {
  return {
    id: s.id,
    name: s.name,
    group: s.group,
    type: s.check.type,
    target,
    status: d?.status ?? "pending",
    blockedBy: d?.blockedBy ?? [],
    waitingFor: d?.waitingFor ?? [],
    failures: { count: e?.counters.failStreak ?? 0, threshold: s.timing.failureThreshold },
    since: new Date(e?.counters.since ?? Date.now()).toISOString(),
    lastCheck: lastCheckView(e?.lastCheck),
    dependsOn: s.dependsOn,
    recent,
    ...(s.discovered ? { discovered: s.discovered } : {}),
  };
}

/** The part of the engine the status views read. */
export type StatusSource = Pick<Engine, "config" | "configIssues" | "runtime" | "graphStatuses" | "order" | "targetOf" | "recentCounts" | "service" | "storageHealth" | "scrub" | "peers" | "uptime24h">;

/** The `/api/status` body. The graph pass is the engine's, cached until a status changes. */
export function statusView(engine: StatusSource): StatusView {
  const derived = engine.graphStatuses();
  const now = Date.now();
  const uptime = engine.uptime24h(now);
  const services = engine.config.services.map((s) => ({ ...serviceView(s, engine.runtime(s.id), derived.get(s.id), engine.targetOf(s), engine.recentCounts(s.id, now)), uptime24h: uptime.get(s.id) ?? null }));
  const view: StatusView = { generatedAt: new Date(now).toISOString(), services, order: engine.order() };
  const configError = configErrorText(engine.configIssues);
  if (configError) view.configError = configError;
  const storage = storageView(engine);
  if (storage) view.storage = storage;
  if (engine.peers) view.cluster = engine.peers.view();
  return view;
}

/** The store's write failure in its API shape, or undefined while it writes. */
export function storageView(engine: Pick<Engine, "storageHealth" | "scrub">): StorageView | undefined {
  const h = engine.storageHealth();
  if (!h || h.status === "ok") return undefined;
  return { status: "failing", since: new Date(h.since ?? Date.now()).toISOString(), error: engine.scrub(h.error ?? "write failed"), backlog: h.backlog, dropped: h.dropped };
}

/** One service in its status shape, or undefined for an unknown id. */
export function serviceStatusView(engine: StatusSource, id: string): ServiceView | undefined {
  // Called after every check: O(1) lookups, not a map of every service (1,000 services × 100 checks/s).
  const entry = engine.runtime(id);
  const s = entry?.service ?? engine.service(id);
  if (!s) return undefined;
  return serviceView(s, entry, engine.graphStatuses().get(id), engine.targetOf(s), engine.recentCounts(id));
}

/** Formats rejected-config issues for `configError`. */
export function configErrorText(issues: readonly ConfigIssue[]): string | undefined {
  return issuesText(issues);
}

/** A service's check config with secrets masked, for API responses. */
export function redactedCheck(s: ServiceConfig): Record<string, unknown> {
  return redact(s.check);
}

/** The `check` event of `GET /api/events`: the last-check view plus id and trigger. */
export function checkEventView(news: CheckNews): CheckEventView {
  const { at, durationMs, attempts, outcome, message, passed } = lastCheckView(news.check)!;
  const view: CheckEventView = { id: news.id, status: news.status, check: { id: news.check.id, startedAt: at, durationMs, trigger: news.check.trigger, passed, attempts, outcome, message } };
  if (news.failures) view.failures = news.failures;
  return view;
}

/** The `status` event of `GET /api/events`: every service whose graph-applied status moved with one check. */
export function statusEventView(news: StatusNews): StatusEventView {
  return { at: new Date(news.at).toISOString(), services: news.services.map((s) => ({ id: s.id, status: s.status, blockedBy: s.blockedBy, waitingFor: s.waitingFor })) };
}

/** The `config` event of `GET /api/events`. */
export function configEventView(news: ConfigNews): ConfigEventView {
  const view: ConfigEventView = { ok: news.ok, at: new Date(news.at).toISOString() };
  const error = news.issues ? configErrorText(news.issues) : undefined;
  if (error !== undefined) view.error = error;
  return view;
}
