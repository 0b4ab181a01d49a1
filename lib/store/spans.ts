import type { CheckRecord } from "@/lib/model";
import { FLAGS_MASK_ALL } from "@/lib/store/codec";
import { slotOf } from "@/lib/store/sqlite-schema";
import { countsOfCheck } from "@/lib/store/stats";

/** What one batch adds to a (service, ten-minute slot) span: id range, outcomes present and totals. */
export interface SpanDelta {
  service: number;
  slot: number;
  first: number;
  last: number;
  flags: number;
  checks: number;
  failed: number;
  retries: number;
  timeouts: number;
}

/** Adds one check (stored under `service` with packed `flags`) to the batch's span deltas. */
export function addToSpans(spans: Map<string, SpanDelta>, service: number, c: CheckRecord, flags: number): void {
  const slot = slotOf(c.startedAt);
  const key = `${service}:${slot}`;
  const counts = countsOfCheck(c.passed, c.attempts);
  const outcomes = flags & FLAGS_MASK_ALL;
  const s = spans.get(key);
  if (!s) {
    spans.set(key, { service, slot, first: c.id, last: c.id, flags: outcomes, ...counts });
    return;
  }
  s.first = Math.min(s.first, c.id);
  s.last = Math.max(s.last, c.id);
  s.flags |= outcomes;
  s.checks += counts.checks;
  s.failed += counts.failed;
  s.retries += counts.retries;
  s.timeouts += counts.timeouts;
}

/** An inclusive id range that holds the checks of some span slots. */
export interface IdRange {
  lo: number;
  hi: number;
}

/** Merges overlapping or adjacent id ranges, given newest (highest `hi`) first; keeps that order. */
export function mergeRanges(newestFirst: readonly IdRange[]): IdRange[] {
  const merged: IdRange[] = [];
  for (const s of newestFirst) {
    const cur = merged[merged.length - 1];
    if (cur && s.hi >= cur.lo - 1) cur.lo = Math.min(cur.lo, s.lo);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * Splits merged ranges (newest first) at `floor`, the lowest `last_id` of the spans read so far:
 * no unread span reaches above it, so the parts above are complete and can be scanned now, while
 * the rest may still grow with the next spans.
 */
export function settleRanges(merged: readonly IdRange[], floor: number): { settled: IdRange[]; pending: IdRange[] } {
  const settled: IdRange[] = [];
  const pending: IdRange[] = [];
  for (const r of merged) {
    if (r.hi > floor) settled.push({ lo: Math.max(r.lo, floor + 1), hi: r.hi });
    if (r.lo <= floor) pending.push({ lo: r.lo, hi: Math.min(r.hi, floor) });
  }
  return { settled, pending };
}
