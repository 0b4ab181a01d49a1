import type { NotifyConfig, RouteConfig } from "@/lib/config/notify-schema";
import type { Notice, NoticeKind } from "@/lib/notify/message";
import type { AlertStore, IncidentRecord } from "@/lib/store/alert-types";

/** The root service of an incident, as messages and routes see it. */
export interface RootInfo {
  id: string;
  name: string;
  group: string;
  /** Its last check message, scrubbed. */
  detail?: string;
}

/** Makes the links a message carries (incident page, share snapshot); called only when queueing. */
export type LinkMaker = (incident: IncidentRecord) => Promise<Notice["links"]>;

/** Whether a route takes an incident of this root (every filter it sets must match). */
export function routeMatches(route: RouteConfig, root: Pick<RootInfo, "id" | "group">): boolean {
  if (route.services && !route.services.includes(root.id)) return false;
  if (route.groups && !route.groups.includes(root.group)) return false;
  // A root cause is `down` by definition (SPEC §2); `status` is kept for later statuses.
  if (route.status && !route.status.includes("down")) return false;
  return true;
}

/** The queue key of one notification: one per incident, channel, kind and reminder number. */
export function deliveryKey(incidentId: number, channel: string, kind: NoticeKind, n = 0): string {
  return kind === "reminder" ? `i${incidentId}:${channel}:reminder:${n}` : `i${incidentId}:${channel}:${kind}`;
}

interface Due {
  channel: string;
  kind: NoticeKind;
  key: string;
}

/** What is due for an open incident: the trigger once `after` passed, then the latest reminder. */
async function dueOpen(cfg: NotifyConfig, inc: IncidentRecord, root: RootInfo, now: number, store: AlertStore): Promise<Due[]> {
  const out: Due[] = [];
  for (const route of cfg.routes) {
    if (!routeMatches(route, root)) continue;
    const age = now - inc.startedAt;
    if (age < route.after) continue;
    for (const channel of route.channels) {
      const trigger = deliveryKey(inc.id, channel, "trigger");
      if (!(await store.hasDelivery(trigger))) {
        out.push({ channel, kind: "trigger", key: trigger });
        continue;
      }
      if (route.repeatEvery <= 0) continue;
      // Only the latest reminder is due: a dashboard that was off for hours sends one, not a burst.
      const n = Math.floor((age - route.after) / route.repeatEvery);
      if (n >= 1) out.push({ channel, kind: "reminder", key: deliveryKey(inc.id, channel, "reminder", n) });
    }
  }
  return out;
}

/** What is due when an incident closed: a resolve on each channel that was told about it. */
async function dueClosed(cfg: NotifyConfig, inc: IncidentRecord, root: RootInfo, store: AlertStore): Promise<Due[]> {
  const out: Due[] = [];
  for (const route of cfg.routes) {
    if (!route.sendResolved || !routeMatches(route, root)) continue;
    for (const channel of route.channels) {
      if (await store.hasDelivery(deliveryKey(inc.id, channel, "trigger"))) out.push({ channel, kind: "resolve", key: deliveryKey(inc.id, channel, "resolve") });
    }
  }
  return out;
}

/**
 * Turns incidents into queued deliveries (SPEC §9): one trigger per channel, reminders at most every
 * `repeatEvery`, one resolve. Unique keys make planning idempotent: running it again, or on another
 * pass, never queues a second copy. Several routes naming one channel share its notifications.
 */
export async function planDeliveries(store: AlertStore, cfg: NotifyConfig, inc: IncidentRecord, root: RootInfo, now: number, links: LinkMaker): Promise<number> {
  const due = inc.endedAt === undefined ? await dueOpen(cfg, inc, root, now, store) : await dueClosed(cfg, inc, root, store);
  const fresh = new Map<string, Due>();
  for (const d of due) if (!fresh.has(d.key) && !(await store.hasDelivery(d.key))) fresh.set(d.key, d);
  if (fresh.size === 0) return 0;
  const l = await links(inc);
  let queued = 0;
  for (const d of fresh.values()) {
    const notice: Notice = { kind: d.kind, deliveryId: d.key, incidentId: inc.id, root: { id: root.id, name: root.name, group: root.group }, affected: inc.affected, startedAt: inc.startedAt, links: l };
    if (inc.endedAt !== undefined) notice.endedAt = inc.endedAt;
    if (root.detail) notice.detail = root.detail;
    if (await store.enqueue({ key: d.key, incidentId: inc.id, channel: d.channel, kind: d.kind, notice: JSON.stringify(notice) }, now)) queued++;
  }
  return queued;
}
