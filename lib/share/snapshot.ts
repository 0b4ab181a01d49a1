import { checkItem } from "@/lib/api/check-view";
import type { ServiceView, Snapshot, StatusView } from "@/lib/api/shapes";
import type { CheckPage, CheckQuery } from "@/lib/store/types";

/** What building a snapshot reads: the live status and a service's history. */
export interface SnapshotSource {
  status(): StatusView;
  listChecks(serviceId: string, query: CheckQuery): Promise<CheckPage>;
  /** Masks the current config's secrets in attempt messages. */
  scrub?: (text: string) => string;
}

/** Most checks a one-service snapshot keeps. */
export const SNAPSHOT_CHECKS = 100;

/**
 * Freezes the status now. For one service it keeps that service, its dependencies and dependents
 * (so "blocked by" still points somewhere), and its checks of the last `rangeMs`.
 */
export async function buildSnapshot(
  source: SnapshotSource,
  options: { service?: string; range?: string; rangeMs?: number; expiresAt: number; now?: number },
): Promise<Snapshot> {
  const now = options.now ?? Date.now();
  const status = source.status();
  const base = { version: 1 as const, takenAt: new Date(now).toISOString(), expiresAt: new Date(options.expiresAt).toISOString() };
  if (options.service === undefined) return { ...base, status };
  const id = options.service;
  const self = status.services.find((s) => s.id === id);
  if (!self) throw new Error(`unknown service ${id}`);
  const related = new Set<string>([id, ...self.dependsOn.map((d) => d.id), ...self.blockedBy]);
  for (const s of status.services) if (s.dependsOn.some((d) => d.id === id)) related.add(s.id);
  const services: ServiceView[] = status.services.filter((s) => related.has(s.id));
  const page = await source.listChecks(id, { from: now - (options.rangeMs ?? 3_600_000), limit: SNAPSHOT_CHECKS });
  const snap: Snapshot = { ...base, service: id, status: { ...status, services, order: status.order.map((w) => w.filter((x) => related.has(x))).filter((w) => w.length > 0) }, checks: page.checks.map((c) => checkItem(c, source.scrub)) };
  if (options.range !== undefined) snap.range = options.range;
  return snap;
}
