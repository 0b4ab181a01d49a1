// How the overview lays services out, shared by the server page (first paint) and the browser.
import { compareNames, namesKey } from "@/components/names";
import type { ServiceView, StatusView } from "@/lib/api/shapes";
import type { Status } from "@/lib/model";

/** Groups in first-seen order, each sorted by name (a status change never moves a card). */
export type Groups = [string, ServiceView[]][];

// The name order of the last list of services `nameRanks` saw, with the names it was made from.
let lastOrder: { key: string; rank: Map<string, number> } | undefined;

/**
 * Each service's place in name order (then id), kept while the names are the same: live updates
 * hand the overview a new list many times a second, and sorting 1,000 names with the collator
 * each time was the longest part of applying one.
 */
function nameRanks(services: readonly ServiceView[]): Map<string, number> {
  const key = namesKey(services);
  if (lastOrder?.key === key) return lastOrder.rank;
  const sorted = [...services].sort((a, b) => compareNames(a.name, b.name) || compareNames(a.id, b.id));
  const rank = new Map(sorted.map((s, i) => [s.id, i]));
  lastOrder = { key, rank };
  return rank;
}

/** The services matching the search text and status filter, grouped and sorted. */
export function arrange(services: readonly ServiceView[], q: string, filter: ReadonlySet<string>): Groups {
  const needle = q.trim().toLowerCase();
  const m = new Map<string, ServiceView[]>();
  for (const s of services) {
    if (filter.size > 0 && !filter.has(s.status)) continue;
    if (needle && !`${s.id} ${s.name} ${s.group} ${s.target} ${s.type}`.toLowerCase().includes(needle)) continue;
    const list = m.get(s.group) ?? [];
    list.push(s);
    m.set(s.group, list);
  }
  const rank = nameRanks(services);
  for (const list of m.values()) list.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  return [...m.entries()];
}

/** How many services each root cause blocks, by id. */
export function blocksOf(services: readonly ServiceView[]): Map<string, number> {
  const c = new Map<string, number>();
  for (const s of services) for (const r of s.blockedBy) c.set(r, (c.get(r) ?? 0) + 1);
  return c;
}

/** How many services have each status. */
export function countsOf(services: readonly ServiceView[]): Map<Status, number> {
  const c = new Map<Status, number>();
  for (const s of services) c.set(s.status, (c.get(s.status) ?? 0) + 1);
  return c;
}

/** What the first paint shows of the whole fleet while it carries only the cards in view. */
export interface OverviewSummary {
  total: number;
  shown: number;
  counts: [Status, number][];
  blocks: [string, number][];
  title: string;
}

/** Cards the server renders and sends: more than a tall screen shows, far fewer than 1,000. */
export const FIRST_PAINT_CARDS = 48;

/**
 * The status the server page hands the overview: the first cards in display order and every root
 * cause (for the banner), with the fleet's counts in `summary`; the browser fetches the rest at
 * once. Keeps the page's HTML small at 1,000 services (README.md, "Performance").
 */
export function firstPaint(full: StatusView, q: string, filter: ReadonlySet<string>, title: string): { initial: StatusView; summary?: OverviewSummary } {
  if (full.services.length <= FIRST_PAINT_CARDS) return { initial: full };
  const groups = arrange(full.services, q, filter);
  const keep = new Set(groups.flatMap(([, list]) => list).slice(0, FIRST_PAINT_CARDS).map((s) => s.id));
  for (const s of full.services) if (s.status === "down") keep.add(s.id);
  return {
    initial: { ...full, services: full.services.filter((s) => keep.has(s.id)) },
    summary: {
      total: full.services.length,
      shown: groups.reduce((n, [, l]) => n + l.length, 0),
      counts: [...countsOf(full.services)],
      blocks: [...blocksOf(full.services)],
      title,
    },
  };
}
