import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_FAILURES_ALLOWED } from "@/lib/auth/rate-limit";
import { startServer, type TestServer } from "@/test/fixtures/server";

const TOKEN = "hardening-token-7f2a";
let server: TestServer;
let target: Server;

beforeAll(async () => {
  target = createServer((s) => s.end());
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const port = (target.address() as { port: number }).port;
  server = await startServer({ env: { DEPWATCH_TOKEN: TOKEN }, config: `services:\n  - id: api\n    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }\n` });
});

afterAll(async () => {
  await server?.stop();
  target?.close();
});

const request = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: "manual", ...init });

function login(token: string, next = "/", headers: Record<string, string> = {}): Promise<Response> {
  return request("/api/login", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, ...headers }, body: new URLSearchParams({ token, next }) });
}

async function cookieOf(res: Response): Promise<string> {
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^depwatch_session=s1\./);
  return cookie;
}

describe("auth hardening (README Authentication)", () => {
  it.each([
    ["/\t/evil.example", "/"],
    ["/\\evil.example", "/"],
    ["//evil.example", "/"],
    ["/graph?x=1", "/graph?x=1"],
  ])("a login with next=%j redirects to %j", async (next, location) => {
    const res = await login(TOKEN, next);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(location);
  });

  it("logout ends the session server-side: the old cookie stops working", async () => {
    const cookie = await cookieOf(await login(TOKEN));
    const other = await cookieOf(await login(TOKEN));
    expect((await request("/api/status", { headers: { cookie } })).status).toBe(200);
    const out = await request("/api/logout", { method: "POST", headers: { cookie, origin: server.url } });
    expect(out.status).toBe(303);
    expect((await request("/api/status", { headers: { cookie } })).status).toBe(401);
    expect((await request("/", { headers: { cookie } })).status).toBe(303);
    // Only that session ended.
    expect((await request("/api/status", { headers: { cookie: other } })).status).toBe(200);
  });

  it("trusts no X-Forwarded-Host without DEPWATCH_TRUST_PROXY", async () => {
    const cookie = await cookieOf(await login(TOKEN));
    const forged = await request("/api/check", { method: "POST", headers: { cookie, origin: "http://evil.example", "x-forwarded-host": "evil.example" } });
    expect(forged.status).toBe(403);
  });

  it("sends CSP with frame-ancestors 'none', nosniff and a Referrer-Policy on pages", async () => {
    const res = await request("/login");
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("limits failed logins per client address, whatever X-Forwarded-For claims (last: it locks this address out)", async () => {
    const answers: number[] = [];
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED + 5; i++) answers.push((await login("wrong", "/", { "x-forwarded-for": `10.9.0.${i}` })).status);
    expect(answers.slice(0, LOGIN_FAILURES_ALLOWED).every((s) => s === 303)).toBe(true);
    expect(answers.slice(LOGIN_FAILURES_ALLOWED)).toEqual([429, 429, 429, 429, 429]);
    const refused = await login(TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("set-cookie")).toBeNull();
  });
});

describe("serving beyond loopback", () => {
  it.each([
    ["0.0.0.0 without a token warns", "0.0.0.0", {}, true],
    ["0.0.0.0 with a token is quiet", "0.0.0.0", { DEPWATCH_TOKEN: TOKEN }, false],
    ["127.0.0.1 without a token is quiet", "127.0.0.1", {}, false],
  ])("%s", async (_name, host, env: Record<string, string>, warns) => {
    const s = await startServer({ host, env, config: "services: []\n" });
    try {
      expect(s.output().includes('"event":"no_token_beyond_loopback"')).toBe(warns);
    } finally {
      await s.stop();
    }
  });
});
