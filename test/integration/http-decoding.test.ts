import { createServer, type Server } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "@/test/fixtures/protocol-servers";
import { measured } from "@/test/fixtures/flood-server";

const BODY = Buffer.from("status: healthy");
/** 64 MiB of zeros, gzipped to about 64 KiB: what a compression bomb looks like. */
const BOMB = gzipSync(Buffer.alloc(64 << 20));

const encoded: Record<string, Buffer> = { gzip: gzipSync(BODY), deflate: deflateSync(BODY), br: brotliCompressSync(BODY), zstd: Buffer.from("not really zstd") };
let server: Server;
let base = "";
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  // Ignores accept-encoding on purpose: a server that always compresses.
  server = createServer((req, res) => {
    seen.push(req.headers["accept-encoding"]);
    const name = (req.url ?? "/").slice(1);
    if (name === "bomb") return res.writeHead(200, { "content-encoding": "gzip" }).end(BOMB);
    if (name === "corrupt") return res.writeHead(200, { "content-encoding": "gzip" }).end("this is not gzip");
    const body = encoded[name];
    if (!body) return res.end(BODY);
    res.writeHead(200, { "content-encoding": name }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("http bodies with a content-encoding", () => {
  it.each(["gzip", "deflate", "br", "identity"])("decodes a %s body before bodyContains", async (coding) => {
    const r = await attempt({ type: "http", url: `${base}/${coding}`, expect: { bodyContains: "healthy" } });
    expect(r).toMatchObject({ outcome: "ok" });
    expect(seen.at(-1)).toBe("gzip, deflate, br");
  });

  it("says when the body is in a coding it cannot decode", async () => {
    const r = await attempt({ type: "http", url: `${base}/zstd`, expect: { bodyContains: "healthy" } });
    expect(r.outcome).toBe("assertion");
    expect(r.message).toContain("zstd-encoded, which the check does not decode");
  });

  it("reports a corrupt compressed body as an error in the response phase", async () => {
    const r = await attempt({ type: "http", url: `${base}/corrupt`, expect: { bodyContains: "healthy" } });
    expect(r).toMatchObject({ outcome: "error", phase: "response" });
  });

  it("decodes a compression bomb only up to maxBodyBytes", async () => {
    const { result, peakGrowth } = await measured(() => attempt({ type: "http", url: `${base}/bomb`, expect: { bodyContains: "healthy" }, maxBodyBytes: "64KiB" }));
    expect(result.outcome).toBe("assertion");
    expect(result.message).toContain("decoded from gzip; first 65536 bytes read");
    // 64 MiB decoded would show; the cap keeps it to the body limit plus decoder buffers.
    expect(peakGrowth).toBeLessThan(32 << 20);
  });

  it("sends no accept-encoding when it does not read the body", async () => {
    const r = await attempt({ type: "http", url: `${base}/plain` });
    expect(r.outcome).toBe("ok");
    expect(seen.at(-1)).toBeUndefined();
  });
});
