import { z } from "zod";
import { duration } from "@/lib/units";

const id = z.string().regex(/^[a-z0-9-]+$/, "must use only a-z, 0-9 and -").max(64);
const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

const webhook = z.strictObject({ id, type: z.literal("webhook"), url: httpUrl, secret: z.string().min(8, "secret must be at least 8 characters").optional() });
const slack = z.strictObject({ id, type: z.literal("slack"), url: httpUrl });
const discord = z.strictObject({ id, type: z.literal("discord"), url: httpUrl });
const teams = z.strictObject({ id, type: z.literal("teams"), url: httpUrl });
const ntfy = z.strictObject({ id, type: z.literal("ntfy"), url: httpUrl.default("https://ntfy.sh"), topic: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected a topic name"), token: z.string().optional(), priority: z.number().int().min(1).max(5).default(4) });
const pagerduty = z.strictObject({ id, type: z.literal("pagerduty"), routingKey: z.string().min(1), url: httpUrl.default("https://events.pagerduty.com/v2/enqueue"), severity: z.enum(["critical", "error", "warning", "info"]).default("critical") });
const email = z.strictObject({
  id,
  type: z.literal("email"),
  smtp: z.url({ protocol: /^smtps?$/, error: "expected an smtp:// or smtps:// URL" }),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
});

/** One notification channel (SPEC §9): its `type` decides the other fields. */
export const channelSchema = z.discriminatedUnion("type", [webhook, slack, discord, teams, ntfy, pagerduty, email]);

/** A validated notification channel. */
export type ChannelConfig = z.output<typeof channelSchema>;

/** Statuses a route can ask for: a root cause is `down`; `maintenance` never notifies. */
export const ROUTE_STATUSES = ["down"] as const;

const route = z.strictObject({
  channels: z.array(id).min(1),
  groups: z.array(z.string()).optional(),
  services: z.array(id).optional(),
  status: z.array(z.enum(ROUTE_STATUSES)).optional(),
  after: duration.default(0),
  repeatEvery: duration.refine((ms) => ms === 0 || ms >= 60_000, "repeatEvery must be at least 1m").default(0),
  sendResolved: z.boolean().default(true),
});

/** One route: which incidents go to which channels, and when. */
export type RouteConfig = z.output<typeof route>;

/** The `notify:` section; routes may only name channels defined beside them. */
export const notifySchema = z
  .strictObject({
    /** The dashboard's public address, for links in messages (else DEPWATCH_PUBLIC_URL). */
    baseUrl: httpUrl.optional(),
    channels: z.array(channelSchema).default([]),
    routes: z.array(route).default([]),
  })
  .superRefine((n, ctx) => {
    const ids = new Set<string>();
    n.channels.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: "custom", path: ["channels", i, "id"], message: `duplicate channel id "${c.id}"` });
      ids.add(c.id);
    });
    n.routes.forEach((r, i) =>
      r.channels.forEach((c, j) => {
        if (!ids.has(c)) ctx.addIssue({ code: "custom", path: ["routes", i, "channels", j], message: `unknown channel "${c}"` });
      }),
    );
  });

/** The validated `notify:` section. */
export type NotifyConfig = z.output<typeof notifySchema>;

/** Every secret a channel holds (webhook URLs carry their token in the path), for scrubbing text. */
export function channelSecrets(channels: readonly ChannelConfig[]): string[] {
  const out: string[] = [];
  for (const c of channels) {
    if (c.type === "webhook") {
      if (c.secret) out.push(c.secret);
    } else if (c.type === "slack" || c.type === "discord" || c.type === "teams") out.push(c.url);
    else if (c.type === "ntfy") {
      if (c.token) out.push(c.token);
    } else if (c.type === "pagerduty") out.push(c.routingKey);
    else {
      const pass = new URL(c.smtp).password;
      if (pass) out.push(pass, decodeURIComponent(pass));
    }
  }
  return out.filter((s) => s.length >= 3);
}
