import { z } from "zod";

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BYTE_UNITS: Record<string, number> = {
  "": 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** Parses "200ms", "10s", "1m30s", "2h", "30d" into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ""] ?? 0);
  return Math.round(total);
}

/** Formats milliseconds the way configs write them ("1.5s", "200ms", "2m"). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))}m`;
  if (ms < 86_400_000) return `${Number((ms / 3_600_000).toFixed(1))}h`;
  return `${Number((ms / 86_400_000).toFixed(1))}d`;
}

/** Parses "1GiB", "500MB", "4096" into bytes; undefined when malformed. */
export function parseBytes(text: string | number): number | undefined {
  if (typeof text === "number") return Number.isFinite(text) && text >= 0 ? text : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = BYTE_UNITS[(m[2] ?? "").toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

/** The longest delay a Node.js timer holds (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The longest duration any field takes (retention included): ten years. */
export const MAX_DURATION_MS = 3650 * 86_400_000;

/** A value for an error message: JSON-quoted and cut to about 80 characters. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 80 ? text : `${text.slice(0, 77)}…`;
}

/** zod schema: a duration string (or a number of milliseconds) → milliseconds, at most `max`. */
export function durationUpTo(max: number, maxText: string) {
  return z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = typeof v === "number" ? v : parseDuration(v);
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
      ctx.addIssue({ code: "custom", message: `expected a duration like "2s", got ${quote(v)}` });
      return z.NEVER;
    }
    if (ms > max) {
      ctx.addIssue({ code: "custom", message: `must be at most ${maxText}, got ${quote(v)}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** zod schema: a duration a timer can hold (up to 24 days). */
export const duration = durationUpTo(MAX_TIMER_MS, "24d (the longest a timer holds)");

/** zod schema: any duration up to ten years (retention, share lifetimes). */
export const longDuration = durationUpTo(MAX_DURATION_MS, "3650d");

/** zod schema: a size ("1GiB", "500MB" or a number of bytes) → bytes, up to 2^53 - 1. */
export const bytes = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = parseBytes(v);
  if (n === undefined || !Number.isSafeInteger(n)) {
    ctx.addIssue({ code: "custom", message: `expected a size like "1GiB" (at most 8PiB), got ${quote(v)}` });
    return z.NEVER;
  }
  return n;
});
