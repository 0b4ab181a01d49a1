import { ApiError } from "@/lib/api/respond";
import type { CheckAllSummary } from "@/lib/api/shapes";
import type { Status } from "@/lib/model";
import type { Engine } from "@/lib/runtime/engine";

/** The least time between two re-check-all rounds across instances sharing a database (SPEC §4). */
export const CHECK_ALL_GAP_MS = 10_000;

/**
 * With several instances, claims the shared re-check-all gate or answers 429 with Retry-After,
 * so rounds asked of different instances keep the 10 s limit (README.md "Several instances").
 */
export async function claimCheckAllRound(engine: Pick<Engine, "peers">, group?: string): Promise<void> {
  if (!engine.peers) return;
  const wait = await engine.peers.claimGap(`check-all:${group ?? ""}`, CHECK_ALL_GAP_MS);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new ApiError(429, "too_many_requests", `every service was re-checked moments ago; try again in ${seconds} s`, { "retry-after": String(seconds) });
  }
}

/** Checks in flight at once: enough to finish quickly, few enough not to open a socket storm. */
export const CHECK_ALL_CONCURRENCY = 50;

/**
 * Re-checks every service (or one group's) through the scheduler, so a check already in flight is
 * joined rather than doubled, with at most `concurrency` running at a time. An unknown group is a 404.
 */
export async function checkAll(
  engine: Pick<Engine, "config" | "checkNow" | "graphStatuses">,
  options: { group?: string; concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<CheckAllSummary> {
  const started = Date.now();
  const { group, concurrency = CHECK_ALL_CONCURRENCY } = options;
  const ids = engine.config.services.filter((s) => group === undefined || s.group === group).map((s) => s.id);
  if (group !== undefined && ids.length === 0) throw new ApiError(404, "not_found", `no service in group "${group}"`);

  let next = 0;
  let passed = 0;
  let failed = 0;
  let done = 0;
  const checked = new Set<string>();
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const run = engine.checkNow(id, "manual");
      // A config reload may have removed the service meanwhile.
      if (!run) continue;
      checked.add(id);
      try {
        if ((await run).passed) passed++;
        else failed++;
      } catch {
        failed++;
      }
      options.onProgress?.(++done, ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));

  const byStatus: Partial<Record<Status, number>> = {};
  const statuses = engine.graphStatuses();
  for (const id of checked) {
    const status = statuses.get(id)?.status ?? "pending";
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const summary: CheckAllSummary = { checked: checked.size, passed, failed, byStatus, durationMs: Date.now() - started };
  if (group !== undefined) summary.group = group;
  return summary;
}
