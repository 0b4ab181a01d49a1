import { createHmac } from "node:crypto";
import type { ChannelConfig } from "@/lib/config/notify-schema";
import { headline, type Notice } from "@/lib/notify/message";
import { post } from "@/lib/notify/channels/post";

type Webhook = Extract<ChannelConfig, { type: "webhook" }>;

/** The generic webhook's JSON body (README.md "Notifications" documents every field). */
export function webhookPayload(n: Notice, now = Date.now()) {
  return {
    event: n.kind,
    deliveryId: n.deliveryId,
    text: headline(n, now),
    incident: {
      id: n.incidentId,
      root: n.root,
      affected: n.affected,
      startedAt: new Date(n.startedAt).toISOString(),
      endedAt: n.endedAt === undefined ? null : new Date(n.endedAt).toISOString(),
      detail: n.detail ?? null,
    },
    links: n.links,
  };
}

/** `sha256=<hex>` over `${timestamp}.${body}`, the value of the X-Depwatch-Signature header. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Sends the signed JSON webhook: the timestamp (unix seconds) is signed with the body against replays. */
export async function sendWebhook(c: Webhook, n: Notice, signal?: AbortSignal): Promise<void> {
  const now = Date.now();
  const body = JSON.stringify(webhookPayload(n, now));
  const ts = Math.floor(now / 1000);
  const headers: Record<string, string> = { "x-depwatch-event": n.kind, "x-depwatch-delivery": n.deliveryId, "x-depwatch-timestamp": String(ts) };
  if (c.secret) headers["x-depwatch-signature"] = signWebhook(c.secret, ts, body);
  // The signed bytes are the sent bytes: the body is serialised once.
  await post(c.url, body, { "content-type": "application/json", ...headers }, signal);
}
