import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelSchema, type ChannelConfig } from "@/lib/config/notify-schema";
import { sendNotice } from "@/lib/notify/channels";
import { DeliveryError } from "@/lib/notify/channels/post";
import type { Notice } from "@/lib/notify/message";
import { startReceiver, startSmtp, type Receiver } from "@/test/fixtures/receivers";

const affected = Array.from({ length: 20 }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
const notice: Notice = {
  kind: "trigger",
  deliveryId: "d-42-1",
  incidentId: 42,
  root: { id: "orders-db", name: "Orders database", group: "data" },
  affected,
  startedAt: Date.parse("2026-12-02T10:00:00Z"),
  detail: "connect ECONNREFUSED 127.0.0.1:5432",
  links: { incident: "https://dash.example/incidents/42", share: "https://dash.example/share/tok" },
};
const HEADLINE = "orders-db is down — blocking svc-00, svc-01, svc-02 (+17)";

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());

function channel(raw: Record<string, unknown>): ChannelConfig {
  return channelSchema.parse(raw);
}

async function deliver(c: ChannelConfig, n: Notice = notice) {
  rx.received.length = 0;
  await sendNotice(c, n);
  expect(rx.received).toHaveLength(1);
  const got = rx.received[0]!;
  return { ...got, json: JSON.parse(got.body) as Record<string, unknown> };
}

describe("chat channels post each service's documented payload", () => {
  it.each([
    ["slack", { text: `:red_circle: ${HEADLINE}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:red_circle: ${HEADLINE}\n>connect ECONNREFUSED 127.0.0.1:5432` } }, { type: "context", elements: [{ type: "mrkdwn", text: "<https://dash.example/incidents/42|incident> · <https://dash.example/share/tok|snapshot>" }] }] }],
    ["discord", { content: HEADLINE, allowed_mentions: { parse: [] }, embeds: [expect.objectContaining({ title: HEADLINE, url: "https://dash.example/incidents/42", color: 0xc62828, timestamp: "2026-12-02T10:00:00.000Z" })] }],
  ])("%s", async (type, expected) => {
    const got = await deliver(channel({ id: "c", type, url: `${rx.url}/hook/T000/B000/XXXX` }));
    expect(got.path).toBe("/hook/T000/B000/XXXX");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.json).toEqual(expected);
  });

  it("teams: a Workflows message with one Adaptive Card attachment", async () => {
    const got = await deliver(channel({ id: "c", type: "teams", url: `${rx.url}/workflows/abc` }));
    expect(got.json.type).toBe("message");
    const [att] = got.json.attachments as { contentType: string; contentUrl: null; content: Record<string, unknown> }[];
    expect(att).toMatchObject({ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null });
    expect(att!.content).toMatchObject({ type: "AdaptiveCard", version: "1.4", $schema: "http://adaptivecards.io/schemas/adaptive-card.json" });
    expect((att!.content.body as { text?: string }[])[0]!.text).toBe(HEADLINE);
    expect(att!.content.actions).toEqual([{ type: "Action.OpenUrl", title: "Open incident", url: "https://dash.example/incidents/42" }, { type: "Action.OpenUrl", title: "Snapshot", url: "https://dash.example/share/tok" }]);
  });

  it("ntfy: JSON publish to the server root with topic, title, priority, tags, click and the token", async () => {
    const got = await deliver(channel({ id: "c", type: "ntfy", url: rx.url, topic: "ops-alerts", token: "tk_abcdef" }));
    expect(got.path).toBe("/");
    expect(got.headers.authorization).toBe("Bearer tk_abcdef");
    expect(got.json).toMatchObject({ topic: "ops-alerts", title: HEADLINE, priority: 4, tags: ["rotating_light", "depwatch"], click: "https://dash.example/incidents/42" });
    expect(got.json.message).toContain("Incident: https://dash.example/incidents/42");
  });
});

describe("pagerduty Events API v2", () => {
  const pd = () => channel({ id: "pd", type: "pagerduty", routingKey: "R0UTINGKEY0123456789", url: `${rx.url}/v2/enqueue` });
  beforeAll(() => {
    rx.respond = { status: 202, body: '{"status":"success","message":"Event processed","dedup_key":"depwatch-incident-42"}' };
  });
  afterAll(() => {
    rx.respond = { status: 200, body: "ok" };
  });

  it("triggers with the incident as dedup key", async () => {
    const got = await deliver(pd());
    expect(got.json).toMatchObject({
      routing_key: "R0UTINGKEY0123456789",
      event_action: "trigger",
      dedup_key: "depwatch-incident-42",
      payload: { summary: HEADLINE, source: "orders-db", severity: "critical", component: "orders-db", group: "data", timestamp: "2026-12-02T10:00:00.000Z" },
      links: [{ href: "https://dash.example/incidents/42", text: "Incident" }, { href: "https://dash.example/share/tok", text: "Snapshot" }],
    });
  });

  it("resolves the same dedup key with nothing else", async () => {
    const got = await deliver(pd(), { ...notice, kind: "resolve", endedAt: notice.startedAt + 60_000 });
    expect(got.json).toEqual({ routing_key: "R0UTINGKEY0123456789", dedup_key: "depwatch-incident-42", event_action: "resolve" });
  });
});

describe("signed webhook", () => {
  it("signs `${timestamp}.${body}` with HMAC-SHA256 and sends the timestamp", async () => {
    const secret = "hook-secret-123";
    const got = await deliver(channel({ id: "h", type: "webhook", url: `${rx.url}/depwatch`, secret }));
    const ts = Number(got.headers["x-depwatch-timestamp"]);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(60);
    const expected = `sha256=${createHmac("sha256", secret).update(`${ts}.${got.body}`).digest("hex")}`;
    expect(got.headers["x-depwatch-signature"]).toBe(expected);
    expect(got.headers["x-depwatch-delivery"]).toBe("d-42-1");
    expect(got.json).toMatchObject({ event: "trigger", deliveryId: "d-42-1", text: HEADLINE, incident: { id: 42, root: { id: "orders-db" }, affected, endedAt: null } });
  });

  it.each([
    [500, true],
    [429, true],
    [404, false],
  ])("a %i answer is a DeliveryError with retry=%s, without the URL", async (status, retry) => {
    rx.respond = { status, body: "nope" };
    const err = await sendNotice(channel({ id: "h", type: "webhook", url: `${rx.url}/secret-path` }), notice).catch((e: unknown) => e);
    rx.respond = { status: 200, body: "ok" };
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retry).toBe(retry);
    expect((err as Error).message).not.toContain("secret-path");
  });
});

describe("email over a real SMTP server", () => {
  it("authenticates and sends the headline as subject with links in the body", async () => {
    const smtp = await startSmtp();
    try {
      await sendNotice(channel({ id: "m", type: "email", smtp: `smtp://mailer:s3cret-pass@127.0.0.1:${smtp.port}`, from: "depwatch@example.org", to: ["ops@example.org"] }), notice);
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0]!;
      expect(mail).toMatchObject({ from: "depwatch@example.org", to: ["ops@example.org"], user: "mailer" });
      expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?|^Subject: \[depwatch\]/m);
      expect(mail.raw).toContain("https://dash.example/incidents/42");
      const bad = await sendNotice(channel({ id: "m", type: "email", smtp: `smtp://mailer:wrong@127.0.0.1:${smtp.port}`, from: "depwatch@example.org", to: ["ops@example.org"] }), notice).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(DeliveryError);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});
