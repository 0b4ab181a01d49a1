import { rmSync } from "node:fs";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { createServer, type Server } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCerts } from "@/test/fixtures/certs";
import { attempt, eventually } from "@/test/fixtures/protocol-servers";

type Listener = Server | TcpServer;

async function listen(server: Listener): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

describe("tls check against local TLS servers", () => {
  const servers: Listener[] = [];
  const ports: Record<string, number> = {};
  let certs: ReturnType<typeof makeCerts>;

  beforeAll(async () => {
    certs = makeCerts([["valid", -1, 200.5], ["near", -1, 5.5], ["expired", -60, -1.5]]);
    for (const [name, pair] of Object.entries(certs.leaves)) {
      // The server reads (and drops) what arrives, so it notices when the check closes the connection.
      const s = createServer({ key: pair.key, cert: pair.cert }, (sock) => {
        sock.on("error", () => undefined);
        sock.resume();
      });
      // With a listener attached, the server leaves the failed socket to it.
      s.on("tlsClientError", (_err, sock) => sock.destroy());
      servers.push(s);
      ports[name] = await listen(s);
    }
    // Not TLS at all: a line-protocol server that greets first.
    const plain = createTcpServer((sock) => {
      sock.on("error", () => undefined);
      sock.resume();
      sock.end("+OK not tls\r\n");
    });
    servers.push(plain);
    ports.plain = await listen(plain);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it.each([
    ["a trusted certificate by name", () => ({ url: `tls://localhost:${ports.valid}`, ca: certs.caFile }), /valid for 200 more day/],
    ["a bare host:port with an IP SAN", () => ({ url: `127.0.0.1:${ports.valid}`, ca: certs.caFile }), /valid for 200 more day/],
    ["an untrusted chain with verify off", () => ({ url: `tls://localhost:${ports.valid}`, verify: false }), /certificate for localhost valid/],
    ["a certificate nearing expiry above a lower minDaysLeft", () => ({ url: `tls://localhost:${ports.near}`, ca: certs.caFile, minDaysLeft: 3 }), /valid for 5 more day/],
  ])("passes with %s", async (_name, extra, message) => {
    const r = await attempt({ type: "tls", ...extra() });
    expect(r.outcome, r.message).toBe("ok");
    expect(r.message).toMatch(message);
  });

  it.each([
    ["a certificate nearing expiry (default minDaysLeft 14)", () => ({ url: `tls://localhost:${ports.near}`, ca: certs.caFile }), /expires in 5 day\(s\).*under minDaysLeft 14/],
    ["an expired certificate, verified", () => ({ url: `tls://localhost:${ports.expired}`, ca: certs.caFile }), /CERT_HAS_EXPIRED/],
    ["an expired certificate, not verified", () => ({ url: `tls://localhost:${ports.expired}`, verify: false }), /expired 1 day\(s\) ago/],
    ["an untrusted chain", () => ({ url: `tls://localhost:${ports.valid}` }), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/],
    ["a name the certificate does not cover", () => ({ url: `tls://127.0.0.1:${ports.valid}`, ca: certs.caFile, servername: "db.example.org" }), /ERR_TLS_CERT_ALTNAME_INVALID/],
    ["a server that does not speak TLS", () => ({ url: `tls://127.0.0.1:${ports.plain}` }), /ERR_SSL_|ECONNRESET|closed/],
  ])("fails with outcome tls for %s", async (name, extra, message) => {
    const r = await attempt({ type: "tls", ...extra() });
    expect(r.message).toMatch(message);
    if (name !== "a server that does not speak TLS") expect(r.outcome).toBe("tls");
    else expect(["tls", "error"]).toContain(r.outcome);
  });

  it("leaves no connection open on any of the servers", async () => {
    const open = () => Promise.all(servers.map((s) => new Promise<number>((r) => s.getConnections((_e, n) => r(n)))));
    expect(await eventually(async () => (await open()).every((n) => n === 0))).toBe(true);
  });
});
