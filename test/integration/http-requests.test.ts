import { rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTypeOf } from "@/lib/checks";
import { httpCheck } from "@/lib/checks/http";
import { checkSchema } from "@/lib/config/schema";
import { runAttempt } from "@/lib/scheduler/run-check";
import { makeCerts } from "@/test/fixtures/certs";

// What an http check sends and follows, against real servers: methods and bodies, TLS, redirects
// across origins and redirects that never finish their body, bodies read through backpressure, and
// no connection left open afterwards (lib/checks/http-exchange.ts).
const open = new Set<Socket>();
const seen: { method?: string; body: string; length?: string }[] = [];
let plain: Server;
let other: Server;
let secure: Server;
let certs: ReturnType<typeof makeCerts>;
const base = { plain: "", other: "", secure: "" };

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? "/").split("?")[0];
  let body = "";
  req.on("data", (d: Buffer) => (body += d.toString()));
  req.on("end", () => {
    seen.push({ method: req.method, body, length: req.headers["content-length"] });
    if (path === "/echo") return void res.end(`${req.method} ${body} ${req.headers["x-token"] ?? ""}`);
    if (path === "/ok") return void res.end("landed here");
    if (path === "/away") return void res.writeHead(302, { location: `${base.other}/ok` }).end();
    if (path === "/fail") return void res.writeHead(500).end("broken");
    if (path === "/big") return void res.end(`${"x".repeat(1_000_000)}needle`);
    if (path === "/endless-redirect" || path === "/endless-fail") {
      // A 3xx or 5xx whose chunked body never ends.
      res.writeHead(path === "/endless-fail" ? 500 : 302, { location: "/ok" });
      const timer = setInterval(() => res.write("z".repeat(1024)), 5);
      res.on("close", () => clearInterval(timer));
      return;
    }
    res.writeHead(404).end();
  });
}

async function listen(server: Server, scheme: string): Promise<string> {
  server.on("connection", (s: Socket) => (open.add(s), s.once("close", () => open.delete(s))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `${scheme}://127.0.0.1:${(server.address() as { port: number }).port}`;
}

beforeAll(async () => {
  certs = makeCerts([["leaf", -1, 30]]);
  plain = createHttpServer(handle);
  other = createHttpServer(handle);
  secure = createHttpsServer({ key: certs.leaves.leaf!.key, cert: certs.leaves.leaf!.cert }, handle);
  base.plain = await listen(plain, "http");
  base.other = await listen(other, "http");
  base.secure = await listen(secure, "https");
});

afterAll(async () => {
  for (const s of open) s.destroy();
  await Promise.all([plain, other, secure].map((s) => new Promise((r) => s.close(r))));
  rmSync(certs.dir, { recursive: true, force: true });
});

async function attempt(check: Record<string, unknown>, timeoutMs = 2_000) {
  const config = checkSchema.parse({ type: "http", ...check });
  return runAttempt(checkTypeOf(config.type), config, timeoutMs);
}

async function noneOpen(): Promise<number> {
  for (let i = 0; i < 50 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return open.size;
}

describe("http check requests", () => {
  it("sends the method, body and headers it is given", async () => {
    const r = await attempt({ url: `${base.plain}/echo`, method: "POST", body: "ping=1", headers: { "X-Token": { value: "t0k" } }, expect: { bodyContains: "POST ping=1 t0k" } });
    expect(r).toMatchObject({ outcome: "ok", message: "HTTP 200" });
    expect(seen.at(-1)).toMatchObject({ method: "POST", body: "ping=1", length: "6" });
    const head = await attempt({ url: `${base.plain}/echo`, method: "HEAD" });
    expect(head).toMatchObject({ outcome: "ok", message: "HTTP 200" });
    expect(seen.at(-1)?.method).toBe("HEAD");
  });

  it("speaks TLS, and fails in the tls phase on a certificate it cannot verify", async () => {
    expect(await attempt({ url: `${base.secure}/ok`, tlsVerify: false, expect: { bodyContains: "landed here" } })).toMatchObject({ outcome: "ok" });
    expect(await attempt({ url: `${base.secure}/ok` })).toMatchObject({ outcome: "tls", phase: "tls" });
  });

  it("follows a redirect to another origin", async () => {
    const r = await attempt({ url: `${base.plain}/away`, expect: { bodyContains: "landed here" } });
    expect(r).toMatchObject({ outcome: "ok" });
  });

  it("follows a redirect at once, though its body never ends", async () => {
    const started = performance.now();
    const r = await attempt({ url: `${base.plain}/endless-redirect`, expect: { bodyContains: "landed here" } });
    expect(r).toMatchObject({ outcome: "ok" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("reports a failed status at once when the body would be read and never ends", async () => {
    const started = performance.now();
    const r = await attempt({ url: `${base.plain}/endless-fail`, expect: { bodyContains: "never" } });
    expect(r).toMatchObject({ outcome: "status", message: "HTTP 500, expected 2xx" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("reads a body of a megabyte to its end, through backpressure", async () => {
    const r = await attempt({ url: `${base.plain}/big`, maxBodyBytes: "1MiB", expect: { bodyContains: "needle" } });
    expect(r).toMatchObject({ outcome: "ok" });
    const cut = await attempt({ url: `${base.plain}/big`, maxBodyBytes: 1000, expect: { bodyContains: "needle" } });
    expect(cut).toMatchObject({ outcome: "assertion" });
    expect(cut.message).toContain("first 1000 bytes read");
  });

  it("does not connect when its time is already up", async () => {
    const before = seen.length;
    const config = httpCheck.schema.parse({ type: "http", url: `${base.plain}/ok` });
    const r = await httpCheck.probe(config, { signal: AbortSignal.abort(new DOMException("late", "TimeoutError")), timeoutMs: 1_000 });
    expect(r.outcome).toBe("timeout");
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.length).toBe(before);
  });

  it("leaves no connection open", async () => {
    await Promise.all([attempt({ url: `${base.plain}/ok` }), attempt({ url: `${base.plain}/fail` }), attempt({ url: `${base.plain}/endless-fail` }), attempt({ url: `${base.plain}/away` })]);
    expect(await noneOpen()).toBe(0);
  });
});
