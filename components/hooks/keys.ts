// SWR keys of the service page: plain functions (no "use client"), so the server page seeds
// `fallback` under exactly the keys the hooks read, and live updates can `mutate` them.
import { type Outcome, OUTCOMES } from "@/lib/model";

/** The time ranges the service page offers. */
export const RANGES = ["1h", "6h", "24h", "7d", "30d"] as const;
/** A time range of the service page. */
export type Range = (typeof RANGES)[number];
/** The range shown when the URL names none: the last hour, which a young service fills (README.md, "A service's page"). */
export const DEFAULT_RANGE: Range = "1h";
/** Checks per page of the timeline. */
export const PAGE_SIZE = 50;
/** Buckets of the latency chart. */
export const CHART_BUCKETS = 60;

/** The service page's state, all of it from the URL query. */
export interface ServiceViewState {
  range: Range;
  outcome?: Outcome;
  before?: number;
}

/** Reads the view state from URL query values, ignoring anything malformed. */
export function viewStateFrom(get: (key: string) => string | null | undefined): ServiceViewState {
  const r = get("range");
  const o = get("outcome");
  const b = get("before");
  const state: ServiceViewState = { range: RANGES.includes(r as Range) ? (r as Range) : DEFAULT_RANGE };
  if (o && OUTCOMES.includes(o as Outcome)) state.outcome = o as Outcome;
  if (b && /^\d{1,15}$/.test(b) && Number(b) > 0) state.before = Number(b);
  return state;
}

/** The page URL's query for a view state (defaults left out, so links stay short). */
export function viewQuery(state: ServiceViewState): string {
  const q = new URLSearchParams();
  if (state.range !== DEFAULT_RANGE) q.set("range", state.range);
  if (state.outcome) q.set("outcome", state.outcome);
  if (state.before !== undefined) q.set("before", String(state.before));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Prefix of every key of one service, for `mutate((k) => k.startsWith(prefix))`. */
export function servicePrefix(id: string): string {
  return `/api/services/${encodeURIComponent(id)}`;
}

/** Key of `GET /api/services/{id}`. */
export function serviceKey(id: string): string {
  return servicePrefix(id);
}

/** Key of a page of checks; parameters always in the same order. */
export function checksKey(id: string, state: ServiceViewState): string {
  const q = new URLSearchParams({ range: state.range, limit: String(PAGE_SIZE) });
  if (state.outcome) q.set("outcome", state.outcome);
  if (state.before !== undefined) q.set("before", String(state.before));
  return `${servicePrefix(id)}/checks?${q}`;
}

/** Key of the latency chart and range totals. */
export function latencyKey(id: string, range: Range): string {
  return `${servicePrefix(id)}/latency?range=${range}&buckets=${CHART_BUCKETS}`;
}
