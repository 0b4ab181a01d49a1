import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// The real built server against a real local target; `healthy` flips what /flip answers.
let target: Server;
let healthy = true;
let srv: TestServer;

beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url === "/hang") return; // never answers: keeps a check in flight
    const ok = req.url === "/ok" || (req.url === "/flip" && healthy);
    res.statusCode = ok ? 200 : 503;
    res.end(ok ? "ok" : "no");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  srv = await startServer({
    config: `
defaults: { retries: 0, failureThreshold: 1, timeout: 1s }
services:
  - { id: web, group: front, interval: 300ms, timeout: 300ms, check: { type: http, url: "${base}/ok" } }
  - { id: flip, group: back, interval: 1h, check: { type: http, url: "${base}/flip" } }
  - { id: hang, group: slow, interval: 5s, timeout: 5s, check: { type: http, url: "${base}/hang" } }
`,
    // These tests re-check everything several times in a row: no gap between rounds.
    env: { DEPWATCH_SHARE_SECRET: "integration-secret-0123456789", DEPWATCH_RECHECK_ALL_GAP: "0s" },
  });
});

afterAll(async () => {
  await srv?.stop();
  target.closeAllConnections();
  await new Promise((r) => target.close(r));
});

/** Reads an SSE response until `until` matches the text so far (or the stream ends). */
async function readUntil(res: Response, until: RegExp, timeoutMs = 15_000): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!until.test(text)) {
      const r = await reader.read();
      if (r.done) break;
      text += dec.decode(r.value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

describe("GET /api/events", () => {
  it("streams a retry line, then check events, uncompressed", async () => {
    const res = await fetch(`${srv.url}/api/events`, { headers: { "accept-encoding": "gzip, br" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("content-encoding")).toBeNull();
    const text = await readUntil(res, /event: check\ndata: .*\n\n/);
    expect(text.startsWith("retry: ")).toBe(true);
    const m = /event: check\ndata: (.*)\n\n/.exec(text);
    expect(m).not.toBeNull();
    const e = JSON.parse(m![1]!) as { id: string; status: string; check: { passed: boolean; attempts: number; outcome: string } };
    // The first to finish is web or flip (hang takes its full timeout).
    expect(["web", "flip"]).toContain(e.id);
    expect(e).toMatchObject({ status: "up", check: { passed: true, attempts: 1, outcome: "ok" } });
  });
});

describe("POST /api/check", () => {
  it.each([
    ["", { checked: 3, passed: 2, failed: 1, byStatus: { up: 2, down: 1 } }],
    ["?group=back", { checked: 1, passed: 1, failed: 0, byStatus: { up: 1 } }],
    ["?group=front", { checked: 1, passed: 1, failed: 0, byStatus: { up: 1 } }],
  ])("re-checks %j", async (query, expected) => {
    const res = await fetch(`${srv.url}/api/check${query}`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(expected);
  });

  it("reports a failing target, answers 404 for an unknown group and 403 cross-site", async () => {
    healthy = false;
    try {
      const body = (await (await fetch(`${srv.url}/api/check?group=back`, { method: "POST" })).json()) as { failed: number; byStatus: object };
      expect(body).toMatchObject({ failed: 1, byStatus: { down: 1 } });
    } finally {
      healthy = true;
    }
    expect((await fetch(`${srv.url}/api/check?group=nope`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${srv.url}/api/check`, { method: "POST", headers: { origin: "http://evil.example" } })).status).toBe(403);
  });
});

describe("share links", () => {
  const share = (body: unknown) => fetch(`${srv.url}/api/share`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("makes a link whose page shows the frozen status with Open Graph tags", async () => {
    await fetch(`${srv.url}/api/services/flip/check`, { method: "POST" });
    const res = await share({ service: "flip", range: "1h" });
    expect(res.status).toBe(201);
    const link = (await res.json()) as { url: string; token: string; expiresAt: string };
    expect(link.url).toBe(`${srv.url}/share/${link.token}`);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Snapshot taken at");
    expect(html).toMatch(/<meta property="og:title" content="Snapshot: flip was up"/);
    expect(html).toMatch(/<meta name="twitter:card" content="summary"/);
    expect(html).toContain("data-check-id=");
  });

  it.each([
    ["tampered", (t: string) => t.slice(0, -2) + (t.endsWith("AA") ? "BB" : "AA"), 404],
    ["truncated", (t: string) => t.slice(0, 30), 404],
    ["nonsense", () => "hello", 404],
  ])("answers a %s token with %i", async (_name, mangle, status) => {
    const link = (await (await share({})).json()) as { token: string };
    const res = await fetch(`${srv.url}/share/${mangle(link.token)}`);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain("not valid");
  });

  it("answers 410 once the link expired", async () => {
    const link = (await (await share({ ttl: "1s" })).json()) as { url: string; expiresAt: string };
    expect((await fetch(link.url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(link.expiresAt) - Date.now()) + 300));
    const res = await fetch(link.url);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("expired");
  });

  it.each([
    [{ service: "nope" }, 404],
    [{ ttl: "31d" }, 400],
    [{ range: "forever" }, 400],
    [{ extra: 1 }, 400],
  ])("refuses %j with %i", async (body, status) => {
    expect((await share(body)).status).toBe(status);
  });
});

describe("GET /api/badge/{id}", () => {
  it.each([
    ["web", 200, ">up</text>"],
    ["missing", 404, ">not found</text>"],
  ])("%s → %i", async (id, status, text) => {
    const res = await fetch(`${srv.url}/api/badge/${id}?label=${encodeURIComponent("<b>")}`);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get("cache-control")).toMatch(/no-cache/);
    const svg = await res.text();
    expect(svg).toContain(text);
    expect(svg).toContain("&lt;b&gt;");
    expect(svg).not.toContain("<b>");
  });
});

describe("shutdown", () => {
  it("ends open event streams on SIGTERM while checks in flight still drain", async () => {
    const res = await fetch(`${srv.url}/api/events`);
    const reader = res.body!.getReader();
    await reader.read();
    // A check of `hang` is in flight (a timeout may not exceed the interval, so one is started by
    // hand), and the process outlives the stream by the drain.
    void fetch(`${srv.url}/api/services/hang/check`, { method: "POST" }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();
    const code = srv.stop("SIGTERM");
    expect(await waitFor(() => ended, 15_000, "the stream to end")).toBe(true);
    // Still serving (draining) after the stream ended: the stream was closed, not cut by the exit.
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(503);
    expect((await fetch(`${srv.url}/api/events`)).status).toBe(503);
    expect(await code).toBe(0);
  });
});
