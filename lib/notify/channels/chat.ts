import type { ChannelConfig } from "@/lib/config/notify-schema";
import { bodyText, headline, type Notice } from "@/lib/notify/message";
import { postJson } from "@/lib/notify/channels/post";

type Chat<T extends string> = Extract<ChannelConfig, { type: T }>;

const EMOJI: Record<Notice["kind"], string> = { trigger: ":red_circle:", reminder: ":red_circle:", resolve: ":large_green_circle:", test: ":white_circle:" };

function linkLine(n: Notice, link: (href: string, text: string) => string): string {
  const parts: string[] = [];
  if (n.links.incident) parts.push(link(n.links.incident, "incident"));
  if (n.links.share) parts.push(link(n.links.share, "snapshot"));
  return parts.join(" · ");
}

/** Slack incoming webhook body: `text` (the fallback shown in notifications) and mrkdwn blocks. */
export function slackPayload(n: Notice, now = Date.now()) {
  const text = `${EMOJI[n.kind]} ${headline(n, now)}`;
  const links = linkLine(n, (href, t) => `<${href}|${t}>`);
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: n.detail && n.kind !== "resolve" ? `${text}\n>${n.detail}` : text } }];
  if (links) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: links }] });
  return { text, blocks };
}

/** Discord webhook body: `content` (≤ 2,000 characters), one embed, and no mentions. */
export function discordPayload(n: Notice, now = Date.now()) {
  const color = n.kind === "resolve" ? 0x2e7d32 : n.kind === "test" ? 0x607d8b : 0xc62828;
  const embed: Record<string, unknown> = { title: headline(n, now).slice(0, 256), description: bodyText(n, now).slice(0, 4096), color, timestamp: new Date(n.startedAt).toISOString() };
  if (n.links.incident) embed.url = n.links.incident;
  return { content: headline(n, now).slice(0, 2000), embeds: [embed], allowed_mentions: { parse: [] } };
}

/** Teams Workflows webhook body: a message with one Adaptive Card (1.4) attachment. */
export function teamsPayload(n: Notice, now = Date.now()) {
  const body: unknown[] = [{ type: "TextBlock", text: headline(n, now), weight: "Bolder", size: "Medium", wrap: true, color: n.kind === "resolve" ? "Good" : "Attention" }];
  if (n.detail && n.kind !== "resolve") body.push({ type: "TextBlock", text: n.detail, wrap: true, isSubtle: true });
  if (n.affected.length > 0) body.push({ type: "FactSet", facts: [{ title: "Root cause", value: n.root.id }, { title: `Affected (${n.affected.length})`, value: n.affected.slice(0, 20).join(", ") }] });
  const actions: unknown[] = [];
  if (n.links.incident) actions.push({ type: "Action.OpenUrl", title: "Open incident", url: n.links.incident });
  if (n.links.share) actions.push({ type: "Action.OpenUrl", title: "Snapshot", url: n.links.share });
  const card: Record<string, unknown> = { $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4", body };
  if (actions.length > 0) card.actions = actions;
  return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] };
}

/** ntfy JSON publish body (POSTed to the server root): topic, title, message, tags, priority, click. */
export function ntfyPayload(c: Chat<"ntfy">, n: Notice, now = Date.now()) {
  const resolved = n.kind === "resolve";
  const payload: Record<string, unknown> = {
    topic: c.topic,
    title: headline(n, now),
    message: bodyText(n, now),
    tags: [resolved ? "white_check_mark" : n.kind === "test" ? "information_source" : "rotating_light", "depwatch"],
    priority: resolved || n.kind === "test" ? 3 : c.priority,
  };
  if (n.links.incident) payload.click = n.links.incident;
  return payload;
}

/** Sends to Slack. */
export async function sendSlack(c: Chat<"slack">, n: Notice, signal?: AbortSignal): Promise<void> {
  await postJson(c.url, slackPayload(n), {}, signal);
}

/** Sends to Discord. */
export async function sendDiscord(c: Chat<"discord">, n: Notice, signal?: AbortSignal): Promise<void> {
  await postJson(c.url, discordPayload(n), {}, signal);
}

/** Sends to a Teams Workflows webhook. */
export async function sendTeams(c: Chat<"teams">, n: Notice, signal?: AbortSignal): Promise<void> {
  await postJson(c.url, teamsPayload(n), {}, signal);
}

/** Publishes to ntfy, with the access token when the topic is protected. */
export async function sendNtfy(c: Chat<"ntfy">, n: Notice, signal?: AbortSignal): Promise<void> {
  const headers: Record<string, string> = c.token ? { authorization: `Bearer ${c.token}` } : {};
  await postJson(new URL("/", c.url).toString(), ntfyPayload(c, n), headers, signal);
}
