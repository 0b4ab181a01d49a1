import { z } from "zod";
import { ApiError } from "@/lib/api/respond";
import { parseDuration } from "@/lib/units";
import { OUTCOMES, type Outcome } from "@/lib/model";
import type { CheckQuery } from "@/lib/store/types";

/** The page size when `limit` is not given, and the largest one allowed. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Latency chart buckets when `buckets` is not given, and the most allowed. */
export const DEFAULT_BUCKETS = 60;
export const MAX_BUCKETS = 500;
/** The latency chart's range when neither `range` nor `from` is given. */
export const DEFAULT_RANGE_MS = 24 * 3_600_000;
const MAX_RANGE_MS = 400 * 86_400_000;

// Date.parse also takes "March 7" and friends; only the ISO 8601 shapes are accepted.
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** zod: an instant as ISO 8601 or epoch milliseconds → epoch ms. */
export const instant = z.string().transform((raw, ctx) => {
  // An unencoded "+02:00" arrives as " 02:00" (a query's "+" is a space).
  const v = raw.replace(/ (\d{2}:?\d{2})$/, "+$1");
  const ms = /^\d{1,15}$/.test(v) ? Number(v) : ISO.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `expected an ISO date or epoch milliseconds, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return ms;
});

/** zod: a look-back like "1h", "7d" → ms. */
export const range = z.string().transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined || ms <= 0 || ms > MAX_RANGE_MS) {
    ctx.addIssue({ code: "custom", message: `expected a range like "1h" or "7d" (at most 400d), got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return ms;
});

function intIn(min: number, max: number) {
  return z.string().transform((v, ctx) => {
    const n = /^\d{1,16}$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });
}

const window = {
  from: instant.optional(),
  to: instant.optional(),
  range: range.optional(),
};

const checksSchema = z.object({
  ...window,
  outcome: z.enum(OUTCOMES as [Outcome, ...Outcome[]], { error: `expected one of ${OUTCOMES.join(", ")}` }).optional(),
  limit: intIn(1, MAX_LIMIT).optional(),
  before: intIn(1, Number.MAX_SAFE_INTEGER).optional(),
});

const latencySchema = z.object({ ...window, buckets: intIn(1, MAX_BUCKETS).optional() });

/** Unknown keys are ignored (cache busters); an empty value counts as absent (`outcome=` from a form). */
function plain(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (v.trim() !== "" && !(k in out)) out[k] = v.trim();
  return out;
}

/** Resolves `from`/`to`/`range` into [from, to); `range` counts back from `to` (default now). */
function resolveWindow(w: { from?: number; to?: number; range?: number }, now: number): { from?: number; to?: number } {
  if (w.range !== undefined && w.from !== undefined) throw badRequest("range: give either range or from, not both");
  const from = w.range !== undefined ? (w.to ?? now) - w.range : w.from;
  checkOrder(from, w.to);
  return { from, to: w.to };
}

function checkOrder(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && from >= to) throw badRequest("from: must be before to");
}

function badRequest(message: string): ApiError {
  return new ApiError(400, "bad_request", message);
}

/**
 * Parses `GET /api/services/{id}/checks` query parameters into a store query. `from`/`to` are ISO
 * dates or epoch ms, `range` ("24h") is a shortcut for `from = to - range`, `before` is the
 * cursor from a previous page's `next`. Throws a ZodError or ApiError (both → 400) on anything malformed.
 */
export function parseChecksQuery(params: URLSearchParams, now = Date.now()): CheckQuery {
  const p = checksSchema.parse(plain(params));
  const q: CheckQuery = { limit: p.limit ?? DEFAULT_LIMIT, ...resolveWindow(p, now) };
  if (p.outcome) q.outcome = p.outcome;
  if (p.before !== undefined) q.before = p.before;
  if (q.from === undefined) delete q.from;
  if (q.to === undefined) delete q.to;
  return q;
}

/** A latency chart request: [from, to) in `buckets` slices. */
export interface LatencyQuery {
  from: number;
  to: number;
  buckets: number;
}

/** Parses `GET /api/services/{id}/latency` query parameters; the range defaults to the last 24 h. */
export function parseLatencyQuery(params: URLSearchParams, now = Date.now()): LatencyQuery {
  const p = latencySchema.parse(plain(params));
  const w = resolveWindow(p, now);
  const to = w.to ?? now;
  const from = w.from ?? to - DEFAULT_RANGE_MS;
  checkOrder(from, to);
  return { from, to, buckets: p.buckets ?? DEFAULT_BUCKETS };
}
