import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { channelSecrets } from "@/lib/config/notify-schema";

const base = `services:
  - { id: db, group: data, check: { type: tcp, url: "tcp://127.0.0.1:5432" } }
`;

function issues(extra: string) {
  const r = parseConfig(base + extra, { SLACK: "https://hooks.slack.test/T/B/secretpath" });
  return "issues" in r ? r.issues.map((i) => `${i.path} (line ${i.line}): ${i.message}`) : [];
}

describe("notify and maintenance config", () => {
  it("accepts the README example and fills the route defaults", () => {
    const r = parseConfig(`${base}notify:
  channels:
    - { id: ops-slack, type: slack, url: "\${SLACK}" }
    - { id: pager, type: pagerduty, routingKey: R0UTING-KEY-123 }
  routes:
    - { channels: [ops-slack, pager], groups: [data], after: 1m, repeatEvery: 30m }
maintenance:
  - { groups: [data], cron: "0 3 * * SUN", duration: 30m, reason: weekly vacuum }
`, { SLACK: "https://hooks.slack.test/T/B/secretpath" });
    if ("issues" in r) throw new Error(JSON.stringify(r.issues));
    expect(r.config.notify?.routes[0]).toMatchObject({ after: 60_000, repeatEvery: 1_800_000, sendResolved: true });
    expect(r.config.maintenance?.[0]).toMatchObject({ duration: 1_800_000 });
    expect(channelSecrets(r.config.notify!.channels)).toEqual(["https://hooks.slack.test/T/B/secretpath", "R0UTING-KEY-123"]);
  });

  it.each([
    ["a route to an unknown channel", `notify:\n  channels: []\n  routes:\n    - { channels: [nope] }\n`, 'notify.routes[0].channels[0] (line 6): unknown channel "nope"'],
    ["a route to an unknown service", `notify:\n  channels: [{ id: h, type: webhook, url: "http://127.0.0.1:9/x" }]\n  routes:\n    - { channels: [h], services: [ghost] }\n`, 'notify.routes[0].services[0] (line 6): unknown service "ghost"'],
    ["repeatEvery under a minute", `notify:\n  channels: [{ id: h, type: webhook, url: "http://127.0.0.1:9/x" }]\n  routes:\n    - { channels: [h], repeatEvery: 10s }\n`, "notify.routes[0].repeatEvery (line 6): repeatEvery must be at least 1m"],
    ["an unknown channel type", `notify:\n  channels: [{ id: h, type: pigeon, url: "http://x" }]\n`, "notify.channels[0].type (line 4)"],
    ["a maintenance window on an unknown service", `maintenance:\n  - { services: [ghost], start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" }\n`, 'maintenance[0].services[0] (line 4): unknown service "ghost"'],
  ])("rejects %s with its path and line", (_n, extra, expected) => {
    expect(issues(extra).join("\n")).toContain(expected);
  });
});
