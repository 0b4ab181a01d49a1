import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/test/fixtures/server";

const TOKEN = "ops-test-token-5d1c";
let server: TestServer;
let target: Server;

beforeAll(async () => {
  target = createServer((s) => s.end());
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as { port: number }).port;
  server = await startServer({
    // Re-check all is called several times in a row here: no gap between rounds.
    env: { DEPWATCH_TOKEN: TOKEN, DEPWATCH_RECHECK_ALL_GAP: "0s" },
    config: `services:\n  - id: api\n    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }\n`,
  });
});

afterAll(async () => {
  await server?.stop();
  target?.close();
});

const get = (path: string, headers: Record<string, string> = {}, method = "GET") => fetch(`${server.url}${path}`, { method, headers, redirect: "manual" });
const bearer = { authorization: `Bearer ${TOKEN}` };

async function login(token: string): Promise<Response> {
  return fetch(`${server.url}/api/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({ token, next: "/graph?x=1" }),
  });
}

describe("DEPWATCH_TOKEN", () => {
  it.each([
    ["/api/status", {}, 401],
    ["/api/status", bearer, 200],
    ["/api/status", { authorization: "Bearer wrong-token" }, 401],
    ["/api/status", { authorization: `Bearer ${TOKEN}x` }, 401],
    ["/api/services/api", {}, 401],
    ["/api/services/api", bearer, 200],
    ["/metrics", {}, 401],
    ["/metrics", bearer, 200],
    ["/", bearer, 200],
    ["/api/health", {}, 200],
    ["/login", {}, 200],
  ])("GET %s with %j → %i", async (path, headers, status) => {
    const res = await get(path, headers);
    expect(res.status).toBe(status);
    if (status === 401) {
      expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it.each(["/share/some-snapshot-token", "/api/badge/api"])("lets %s through without credentials", async (path) => {
    const res = await get(path);
    expect(res.status).not.toBe(401);
    expect(res.headers.get("location") ?? "").not.toContain("/login");
  });

  it("serves static assets without credentials", async () => {
    const html = await (await get("/login")).text();
    const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
    expect(asset).toBeDefined();
    expect((await get(asset!)).status).toBe(200);
  });

  it.each([
    ["/", "/login?next=%2F"],
    ["/services/api?range=1h", "/login?next=%2Fservices%2Fapi%3Frange%3D1h"],
  ])("redirects the page %s to %s", async (path, location) => {
    const res = await get(path);
    expect([302, 303, 307]).toContain(res.status);
    expect(new URL(res.headers.get("location")!, server.url).pathname + new URL(res.headers.get("location")!, server.url).search).toBe(location);
  });

  it("rejects a wrong token at the login form", async () => {
    const res = await login("nope");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login\?error=1&next=/);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("logs in with the token: an HttpOnly, SameSite=Lax cookie that opens pages and APIs", async () => {
    const res = await login(TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/graph?x=1");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(";")[0]!;
    expect((await get("/", { cookie })).status).toBe(200);
    expect((await get("/api/status", { cookie })).status).toBe(200);
    expect((await get("/api/status", { cookie: `${cookie}x` })).status).toBe(401);

    // POSTs with the cookie must come from this site.
    const cross = await get("/api/check", { cookie, origin: "http://evil.example" }, "POST");
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
    expect((await get("/api/check", { cookie, origin: server.url }, "POST")).status).toBe(200);
    expect((await get("/api/check", bearer, "POST")).status).toBe(200);
    expect((await get("/api/check", {}, "POST")).status).toBe(401);
  });
});
