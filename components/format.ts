/** "340 ms", "1.2 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A configured duration as people write it: "5 s", "1.5 s", "500 ms", "2 min", "1 h 30 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  const parts: [number, string][] = [[Math.floor(ms / 86_400_000), "d"], [Math.floor(ms / 3_600_000) % 24, "h"], [Math.floor(ms / 60_000) % 60, "min"], [Math.round((ms % 60_000) / 1000), "s"]];
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`).join(" ");
}

/** "12 s", "3 min", "5 h", "2 d": how long since `iso`, as seen from `now`. */
export function formatAge(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** "12 s ago", "3 min ago", relative to `now`. */
export function formatAgo(iso: string, now: number): string {
  return `${formatAge(iso, now)} ago`;
}

/**
 * A time relative to the moment the page describes: "12 s ago" on a live page, "12 s before the
 * snapshot" on a frozen one (`snapshotAt` set), so a snapshot never reads as live.
 */
export function formatWhen(iso: string, now: number, snapshotAt?: number): string {
  return snapshotAt === undefined ? formatAgo(iso, now) : `${formatAge(iso, snapshotAt)} before the snapshot`;
}

/** "1 retry", "2 retries": a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
