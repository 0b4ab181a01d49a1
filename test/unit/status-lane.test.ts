import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsGzip, answerStatus, cookieValue } from "@/lib/api/status-lane";
import { statusView } from "@/lib/api/status-view";
import { answerEarly, listenPort, stampPeerAddress } from "@/lib/auth/peer";
import { createSession } from "@/lib/auth/sessions";
import type { Engine } from "@/lib/runtime/engine";
import { startSettledEngine } from "@/test/fixtures/engine";

// answerStatus on a real HTTP server in front of a real engine: whatever it does not answer falls
// through to this server's own handler, which answers 599 "fell through" (in the app: Next.js).
const TOKEN = "lane-unit-token";
let target: TcpServer;
let engine: Engine;
let open: Server;
let guarded: Server;

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};
const fallthrough = (answer: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => boolean) =>
  createServer((req, res) => {
    if (answer(req, res)) return;
    res.statusCode = 599;
    res.end("fell through");
  });

function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

let openUrl = "";
let guardedUrl = "";
beforeAll(async () => {
  target = createTcpServer((s) => s.destroy());
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as AddressInfo).port;
  engine = await startSettledEngine(`services:\n${Array.from({ length: 120 }, (_, i) => `  - { id: svc-${i}, check: { type: tcp, url: "tcp://127.0.0.1:${port}" }, interval: 1h }`).join("\n")}\n`);
  open = fallthrough((req, res) => answerStatus(engine, req, res, undefined));
  guarded = fallthrough((req, res) => answerStatus(engine, req, res, TOKEN));
  openUrl = await listen(open);
  guardedUrl = await listen(guarded);
});

afterAll(async () => {
  open?.close();
  guarded?.close();
  target?.close();
  await engine?.shutdown(100);
});

type Body = { generatedAt: string; services: unknown[] };
const withoutTime = (b: Body) => ({ ...b, generatedAt: "x" });

describe("answerStatus", () => {
  it("answers GET /api/status (any query) with the status view, its headers, and a content-length", async () => {
    const res = await get(`${openUrl}/api/status?x=1`);
    expect(res.status).toBe(200);
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(withoutTime(JSON.parse(res.body.toString()) as Body)).toEqual(withoutTime(JSON.parse(JSON.stringify(statusView(engine))) as Body));
  });

  it("gzips when asked, the same body", async () => {
    const plain = await get(`${openUrl}/api/status`);
    const zipped = await get(`${openUrl}/api/status`, { "accept-encoding": "br;q=1, gzip;q=0.5" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(Number(zipped.headers["content-length"])).toBe(zipped.body.length);
    expect(withoutTime(JSON.parse(gunzipSync(zipped.body).toString()) as Body)).toEqual(withoutTime(JSON.parse(plain.body.toString()) as Body));
  });

  it.each([
    ["POST", "/api/status"],
    ["HEAD", "/api/status"],
    ["GET", "/api/status/"],
    ["GET", "/api/statusx"],
    ["GET", "/api/services/svc-1"],
  ])("leaves %s %s to the framework", async (method, path) => {
    expect((await get(`${openUrl}${path}`, {}, method)).status).toBe(599);
  });

  it.each([
    ["no credentials", {}, 599],
    ["a wrong bearer token", { authorization: "Bearer wrong" }, 599],
    ["a forged cookie", { cookie: "depwatch_session=s1.forged" }, 599],
    ["the bearer token", { authorization: `Bearer ${TOKEN}` }, 200],
    ["a login cookie among others", { cookie: `theme=dark; depwatch_session=${createSession(TOKEN, 60_000)}; x=1` }, 200],
  ])("with a token set: %s → %i", async (_name, headers: Record<string, string>, status) => {
    expect((await get(`${guardedUrl}/api/status`, headers)).status).toBe(status);
  });
});

describe("answerEarly", () => {
  it("takes requests on the dashboard's port only, before the server's own handler", async () => {
    stampPeerAddress();
    const dashboard = fallthrough(() => false);
    const other = fallthrough(() => false);
    const dashboardUrl = await listen(dashboard);
    const otherUrl = await listen(other);
    try {
      answerEarly(Number(new URL(dashboardUrl).port), (req, res) => answerStatus(engine, req, res, undefined));
      expect((await get(`${dashboardUrl}/api/status`)).status).toBe(200);
      expect((await get(`${dashboardUrl}/api/health`)).status).toBe(599);
      expect((await get(`${otherUrl}/api/status`)).status).toBe(599);
    } finally {
      answerEarly(-1, () => false);
      dashboard.close();
      other.close();
    }
  });
});

describe("request parsing", () => {
  it.each([
    [undefined, false],
    ["identity", false],
    ["gzip", true],
    ["GZIP", true],
    ["gzip;q=0", false],
    ["br, gzip;q=0.001", true],
    ["*", true],
    ["*;q=0", false],
    ["gzip;q=0, *", false],
    ["x-gzip", true],
  ])("Accept-Encoding %j takes gzip: %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it.each([
    [undefined, undefined],
    ["depwatch_session=abc", "abc"],
    ["a=1; depwatch_session=%41b; b=2", "Ab"],
    ['depwatch_session="q"', "q"],
    ["depwatch_sessionx=1", undefined],
    ["depwatch_session=%E0%A4%A", "%E0%A4%A"],
  ])("cookie header %j → %j", (header, expected) => {
    expect(cookieValue(header, "depwatch_session")).toBe(expected);
  });

  it.each([
    [["node", "next", "start", "-p", "4100"], {}, 4100],
    [["node", "next", "start", "--port=4101"], {}, 4101],
    [["node", "scripts/start.mjs"], { PORT: "4102" }, 4102],
    [["node", "scripts/start.mjs"], {}, 3000],
    [["node", "scripts/start.mjs"], { PORT: "nope" }, 3000],
  ])("listenPort(%j, %j) → %i", (argv, env, port) => {
    expect(listenPort(argv, env)).toBe(port);
  });
});
