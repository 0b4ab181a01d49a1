/** How late scheduled checks arrived at their targets, judged against each service's own cadence. */
export interface Lateness {
  /** Lateness of every arrival whose slot fell in the window, ms. */
  late: number[];
  /** Slots due in the window. */
  expected: number;
  /** Slots due in the window with no arrival at all. */
  missed: number;
  /** Services that never arrived. */
  silent: number;
}

/**
 * Lateness from the target side. A service's cadence is `phase + k * interval`, where `phase` is
 * the earliest arrival offset seen for that service (so one late first check does not make every
 * later one look early); an arrival's lateness is its offset minus that phase. Only slots due in
 * [from, to) count; arrivals after `to` still count for slots due before it.
 */
export function lateness(perService: readonly (readonly number[])[], intervalMs: number, from: number, to: number): Lateness {
  const out: Lateness = { late: [], expected: 0, missed: 0, silent: 0 };
  for (const raw of perService) {
    if (raw.length === 0) {
      out.silent++;
      continue;
    }
    const times = [...raw].sort((a, b) => a - b);
    const first = times[0]!;
    const slotOf = (t: number) => Math.round((t - first) / intervalMs);
    let phase = Infinity;
    for (const t of times) phase = Math.min(phase, t - slotOf(t) * intervalMs);
    const hit = new Set<number>();
    for (const t of times) {
      const k = slotOf(t);
      const due = phase + k * intervalMs;
      if (due < from || due >= to || hit.has(k)) continue;
      hit.add(k);
      out.late.push(t - due);
    }
    const kFrom = Math.ceil((from - phase) / intervalMs);
    const kTo = Math.ceil((to - phase) / intervalMs);
    const expected = Math.max(0, kTo - kFrom);
    out.expected += expected;
    out.missed += Math.max(0, expected - hit.size);
  }
  return out;
}

/** How many values exceed each threshold. */
export function over(values: readonly number[], threshold: number): number {
  let n = 0;
  for (const v of values) if (v > threshold) n++;
  return n;
}
