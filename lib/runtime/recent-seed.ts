import type { ServiceConfig } from "@/lib/config/load";
import type { CheckRecord, ServiceCounters } from "@/lib/model";
import type { RecentWindow } from "@/lib/runtime/recent";
import type { Store } from "@/lib/store/types";

const HOUR_MS = 3_600_000;
// Ten-minute steps match the SQLite store's summary slots, so every step but the first and the
// last is answered from summaries alone: seven small queries at start-up, whatever the history.
const STEP_MS = 10 * 60_000;

/**
 * Refills the last-hour window from the store after a restart, so the overview's "retries and
 * timeouts in the last hour" does not drop to zero. Each step's totals are put at the step's
 * middle minute: they leave the window at most five minutes early or late.
 */
export async function seedRecent(window: RecentWindow, store: Store, ids: ReadonlySet<string>, now = Date.now()): Promise<void> {
  const from = now - HOUR_MS;
  const cuts = [from];
  for (let t = Math.floor(from / STEP_MS) * STEP_MS + STEP_MS; t < now; t += STEP_MS) cuts.push(t);
  cuts.push(now + 1);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const totals = await store.countsAll(a, b);
    // Never before the window's oldest minute, or a short first step would be dropped at once.
    const mid = Math.max(Math.min(now, a + Math.floor((b - a) / 2)), (Math.floor(now / 60_000) - 59) * 60_000);
    for (const [id, c] of totals) if (ids.has(id)) window.seed(id, mid, c);
  }
}

/** Each service's counters and last check as the store kept them, for the scheduler to continue from after a restart. */
export async function restoredRuntime(store: Store, services: readonly ServiceConfig[]): Promise<Map<string, { counters: ServiceCounters; lastCheck?: CheckRecord }>> {
  const saved = await store.loadCounters();
  const restored = new Map<string, { counters: ServiceCounters; lastCheck?: CheckRecord }>();
  for (const s of services) {
    const counters = saved.get(s.id);
    if (!counters) continue;
    const page = await store.listChecks(s.id, { limit: 1 });
    restored.set(s.id, { counters, lastCheck: page.checks[0] });
  }
  return restored;
}
