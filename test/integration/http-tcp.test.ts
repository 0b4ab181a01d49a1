import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTypeOf } from "@/lib/checks";
import { checkSchema } from "@/lib/config/schema";
import { runAttempt } from "@/lib/scheduler/run-check";
import { freePort } from "@/test/fixtures/server";

const sockets = new Set<Socket>();
const hangSockets = new Set<Socket>();
let http: Server;
let hung: TcpServer;
let base = "";
let hungPort = 0;

function listen(s: Server | TcpServer): Promise<number> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port)));
}

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/ok") return res.end(JSON.stringify({ status: "UP", db: { ok: true } }));
    if (url.pathname === "/down") return res.end(JSON.stringify({ status: "DOWN" }));
    if (url.pathname === "/500") return res.writeHead(500).end("boom");
    if (url.pathname === "/redirect") return res.writeHead(302, { location: "/ok" }).end();
    if (url.pathname === "/loop") return res.writeHead(302, { location: "/loop" }).end();
    if (url.pathname === "/big") return res.end("x".repeat(200_000) + "needle");
    if (url.pathname === "/headers") return res.end(req.headers.authorization === "Bearer s3cret" ? "authorised" : "anonymous");
    if (url.pathname === "/hang") {
      hangSockets.add(req.socket); // never answers
      req.socket.once("close", () => hangSockets.delete(req.socket));
    }
  });
  http.on("connection", (s) => sockets.add(s));
  base = `http://127.0.0.1:${await listen(http)}`;
  hung = createTcpServer((s) => sockets.add(s));
  hungPort = await listen(hung);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => http.close(r));
  await new Promise((r) => hung.close(r));
});

async function attempt(check: Record<string, unknown>, timeoutMs = 1_000) {
  const config = checkSchema.parse(check);
  return runAttempt(checkTypeOf(config.type), config, timeoutMs);
}

describe("http check outcomes against real servers", () => {
  it.each([
    ["2xx passes", { url: "/ok" }, "ok", undefined],
    ["an expected status list", { url: "/500", expect: { status: [500] } }, "ok", undefined],
    ["a wrong status", { url: "/500" }, "status", "HTTP 500, expected 2xx"],
    ["a body that lacks the text", { url: "/ok", expect: { bodyContains: "nope" } }, "assertion", 'body does not contain "nope"'],
    ["a JSON path that differs", { url: "/down", expect: { json: { path: "status", equals: "UP" } } }, "assertion", '[BODY].status ("DOWN") == "UP"'],
    ["a JSON path that matches", { url: "/ok", expect: { json: { path: "$.db.ok", equals: true } } }, "ok", undefined],
    ["a followed redirect", { url: "/redirect", expect: { bodyContains: "UP" } }, "ok", undefined],
    ["a redirect loop", { url: "/loop", maxRedirects: 3 }, "status", "more than 3 redirects"],
    ["a capped body read", { url: "/big", expect: { bodyContains: "needle" }, maxBodyBytes: 1024 }, "assertion", "first 1024 bytes read"],
    ["a secret header is sent", { url: "/headers", headers: { Authorization: { value: "Bearer s3cret" } }, expect: { bodyContains: "authorised" } }, "ok", undefined],
  ])("%s", async (_name, check, outcome, message) => {
    const r = await attempt({ type: "http", ...check, url: `${base}${check.url}` });
    expect(r.outcome).toBe(outcome);
    if (message) expect(r.message).toContain(message);
  });

  it("classifies a closed port as refused in the connect phase", async () => {
    const r = await attempt({ type: "http", url: `http://127.0.0.1:${await freePort()}/` });
    expect(r).toMatchObject({ outcome: "refused", phase: "connect" });
    expect(r.message).toContain("ECONNREFUSED");
  });

  it("classifies a server that never answers as a timeout while waiting for the response, and frees the socket", async () => {
    const r = await attempt({ type: "http", url: `${base}/hang` }, 300);
    expect(r).toMatchObject({ outcome: "timeout", phase: "response" });
    // The client destroyed its socket, so the server sees the connection close.
    await expect.poll(() => hangSockets.size, { timeout: 2_000 }).toBe(0);
  });

  it("classifies a name that does not resolve as dns", async () => {
    const r = await attempt({ type: "http", url: "http://depwatch-test.invalid/" }, 5_000);
    expect(r).toMatchObject({ outcome: "dns", phase: "dns" });
  });
});

describe("tcp check outcomes against real servers", () => {
  it("passes when the port accepts", async () => {
    expect((await attempt({ type: "tcp", url: `tcp://127.0.0.1:${hungPort}` })).outcome).toBe("ok");
  });
  it("refused on a closed port", async () => {
    expect(await attempt({ type: "tcp", url: `tcp://127.0.0.1:${await freePort()}` })).toMatchObject({ outcome: "refused", phase: "connect" });
  });
  it("dns for a .invalid name", async () => {
    expect((await attempt({ type: "tcp", url: "tcp://depwatch-test.invalid:80" }, 5_000)).outcome).toBe("dns");
  });
});
