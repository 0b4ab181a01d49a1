import { createServer, type Server } from "node:net";
import { gunzipSync } from "node:zlib";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// GET /api/status is answered before Next.js's request path (lib/api/status-lane.ts). The same
// requests go to a server answering it that way and to one with DEPWATCH_STATUS_LANE=off (the
// route alone): status, body, headers and access must not differ.
const TOKEN = "lane-test-token-31f0";
const bearer = { authorization: `Bearer ${TOKEN}` };
type Body = { generatedAt: string; services: { id: string; status: string; lastCheck: unknown; dependsOn: string[] }[]; order: string[][] };
let target: Server;
const servers: Record<"lane" | "route", TestServer | undefined> = { lane: undefined, route: undefined };

beforeAll(async () => {
  target = createServer((s) => s.end());
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as { port: number }).port;
  const config = `services:\n${Array.from({ length: 30 }, (_, i) => `  - { id: svc-${i}, check: { type: tcp, url: "tcp://127.0.0.1:${port}" }, interval: 1h${i > 0 ? `, dependsOn: [svc-${i - 1}]` : ""} }`).join("\n")}\n`;
  [servers.lane, servers.route] = await Promise.all([
    startServer({ config, env: { DEPWATCH_TOKEN: TOKEN } }),
    startServer({ config, env: { DEPWATCH_TOKEN: TOKEN, DEPWATCH_STATUS_LANE: "off" } }),
  ]);
  // Both through their start-up waves, so the two bodies can be compared.
  for (const s of [servers.lane!, servers.route!]) {
    await waitFor(async () => {
      const body = (await (await fetch(`${s.url}/api/status`, { headers: bearer })).json()) as Body;
      return body.services.every((x) => x.status === "up") ? true : undefined;
    }, 30_000, "every service up");
  }
}, 90_000);

afterAll(async () => {
  await Promise.all([servers.lane?.stop(), servers.route?.stop()]);
  target?.close();
});

interface Raw { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** A request over node:http, so the body comes as sent (no automatic decompression). */
function raw(base: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The body without the parts that move between two servers and two moments. */
const comparable = (b: Body) => ({ ...b, generatedAt: "x", services: b.services.map((s) => ({ id: s.id, status: s.status, dependsOn: s.dependsOn, checked: s.lastCheck !== null })) });

describe.each(["lane", "route"] as const)("GET /api/status (%s)", (which) => {
  const base = () => servers[which]!.url;

  it("answers the status with the security headers, never cached", async () => {
    const res = await raw(base(), "/api/status", bearer);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    const body = JSON.parse(res.body.toString()) as Body;
    expect(body.services.map((s) => s.id)).toEqual(Array.from({ length: 30 }, (_, i) => `svc-${i}`));
    expect(body.order).toHaveLength(30);
    // The other server's answer is the same apart from timestamps and durations.
    const other = servers[which === "lane" ? "route" : "lane"]!.url;
    const theirs = JSON.parse((await raw(other, "/api/status", bearer)).body.toString()) as Body;
    expect(comparable(body)).toEqual(comparable(theirs));
  });

  it("gzips for a client that asks, and the gzip is the same JSON", async () => {
    const zipped = await raw(base(), "/api/status?x=1", { ...bearer, "accept-encoding": "gzip, deflate, br" });
    expect(zipped.status).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    const body = JSON.parse(gunzipSync(zipped.body).toString()) as Body;
    expect(body.services).toHaveLength(30);
    const plain = await raw(base(), "/api/status", { ...bearer, "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(comparable(JSON.parse(plain.body.toString()) as Body)).toEqual(comparable(body));
  });

  it.each([
    ["no credentials", {}],
    ["a wrong token", { authorization: "Bearer nope" }],
    ["a forged session cookie", { cookie: "depwatch_session=forged" }],
  ])("refuses %s with 401 in the error shape", async (_name, headers: Record<string, string>) => {
    const res = await raw(base(), "/api/status", headers);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body.toString())).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("opens with the login cookie", async () => {
    const login = await fetch(`${base()}/api/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base() },
      body: new URLSearchParams({ token: TOKEN, next: "/" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^depwatch_session=/);
    expect((await raw(base(), "/api/status", { cookie: `theme=dark; ${cookie}` })).status).toBe(200);
  });

  it("leaves other methods to the route: POST is not allowed", async () => {
    const res = await raw(base(), "/api/status", { ...bearer, origin: base() }, "POST");
    expect(res.status).toBe(405);
  });
});
