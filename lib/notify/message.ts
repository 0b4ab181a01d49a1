import { formatDuration } from "@/lib/units";

/** What a delivery is about: the first notice, a reminder, the resolve, or a channel test. */
export type NoticeKind = "trigger" | "reminder" | "resolve" | "test";

/** Everything a channel needs to say about one incident; built once, stored with the delivery. */
export interface Notice {
  kind: NoticeKind;
  /** Unique per delivery, so a receiver can drop a repeat after a crash mid-send. */
  deliveryId: string;
  /** The incident's id (0 for a test). */
  incidentId: number;
  /** The root cause service. */
  root: { id: string; name: string; group: string };
  /** Services it blocks or keeps waiting, sorted. */
  affected: string[];
  startedAt: number;
  endedAt?: number;
  /** The root's last check message, already scrubbed. */
  detail?: string;
  links: { incident?: string; share?: string };
}

/** How many affected services a message names before folding the rest into "(+N)". */
export const FOLD_AFTER = 3;

/** "api, web, worker (+17)": the first few names and a count of the rest. */
export function foldList(ids: readonly string[], max = FOLD_AFTER): string {
  const shown = ids.slice(0, max).join(", ");
  return ids.length > max ? `${shown} (+${ids.length - max})` : shown;
}

/** The one-line headline of a notice, e.g. "orders-db is down — blocking api, web, worker (+17)". */
export function headline(n: Notice, now = Date.now()): string {
  const blocking = n.affected.length > 0 ? ` — blocking ${foldList(n.affected)}` : "";
  switch (n.kind) {
    case "trigger":
      return `${n.root.id} is down${blocking}`;
    case "reminder":
      return `${n.root.id} is still down after ${formatDuration(now - n.startedAt)}${blocking}`;
    case "resolve":
      return `${n.root.id} recovered after ${formatDuration((n.endedAt ?? now) - n.startedAt)}`;
    case "test":
      return `depwatch test notification (${n.root.id})`;
  }
}

/** The headline plus detail and links, as plain text lines (email body, ntfy message). */
export function bodyText(n: Notice, now = Date.now()): string {
  const lines = [headline(n, now)];
  if (n.detail && n.kind !== "resolve") lines.push(`Last check: ${n.detail}`);
  if (n.affected.length > FOLD_AFTER) lines.push(`Affected (${n.affected.length}): ${foldList(n.affected, 20)}`);
  if (n.links.incident) lines.push(`Incident: ${n.links.incident}`);
  if (n.links.share) lines.push(`Snapshot: ${n.links.share}`);
  return lines.join("\n");
}
