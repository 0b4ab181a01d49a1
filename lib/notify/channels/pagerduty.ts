import type { ChannelConfig } from "@/lib/config/notify-schema";
import { headline, type Notice } from "@/lib/notify/message";
import { DeliveryError, postJson } from "@/lib/notify/channels/post";

type PagerDuty = Extract<ChannelConfig, { type: "pagerduty" }>;

/** The dedup key of an incident: its trigger, reminders and resolve all name the same alert. */
export function dedupKey(n: Notice): string {
  return n.kind === "test" ? `depwatch-test-${n.deliveryId}` : `depwatch-incident-${n.incidentId}`;
}

/** Events API v2 body: `trigger` (reminders re-trigger the same dedup_key) or `resolve`. */
export function pagerdutyPayload(c: PagerDuty, n: Notice, now = Date.now()) {
  const base = { routing_key: c.routingKey, dedup_key: dedupKey(n) };
  if (n.kind === "resolve") return { ...base, event_action: "resolve" as const };
  const links = [n.links.incident && { href: n.links.incident, text: "Incident" }, n.links.share && { href: n.links.share, text: "Snapshot" }].filter(Boolean);
  return {
    ...base,
    event_action: "trigger" as const,
    client: "depwatch",
    ...(n.links.incident ? { client_url: n.links.incident } : {}),
    payload: {
      summary: headline(n, now).slice(0, 1024),
      source: n.root.id,
      severity: n.kind === "test" ? ("info" as const) : c.severity,
      timestamp: new Date(n.startedAt).toISOString(),
      component: n.root.id,
      ...(n.root.group ? { group: n.root.group } : {}),
      class: "dependency down",
      custom_details: { affected: n.affected, detail: n.detail ?? null },
    },
    links,
  };
}

/** Sends one Events API v2 event; PagerDuty answers 202 with `status: "success"`. */
export async function sendPagerDuty(c: PagerDuty, n: Notice, signal?: AbortSignal): Promise<void> {
  const text = await postJson(c.url, pagerdutyPayload(c, n), {}, signal);
  let status: unknown;
  try {
    status = (JSON.parse(text) as { status?: unknown }).status;
  } catch {
    status = undefined;
  }
  if (status !== "success") throw new DeliveryError(`PagerDuty did not accept the event`, true);
}
