import { afterEach, describe, expect, it } from "vitest";
import { eventually, attempt } from "@/test/fixtures/protocol-servers";
import { floodServer, measured, type FloodScript, type FloodServer } from "@/test/fixtures/flood-server";

const KIB = 1024;
const MIB = 1024 * KIB;
const TIMEOUT_MS = 1500;
/** Generous: the runner's own hard deadline is 250 ms past the timeout. */
const MAX_MS = TIMEOUT_MS + 600;
/** Generous against the hundreds of MB an uncapped reader buffers within the timeout. */
const MAX_GROWTH = 64 * MIB;

const zeros = Buffer.alloc(256 * KIB);
const repeat = (unit: string | Buffer, size = 256 * KIB) => {
  const b = Buffer.isBuffer(unit) ? unit : Buffer.from(unit, "latin1");
  return Buffer.concat(Array.from({ length: Math.ceil(size / b.length) }, () => b));
};
const chunk = Buffer.concat([Buffer.from("4000\r\n"), Buffer.alloc(16 * KIB, 0x61), Buffer.from("\r\n")]);

/** Each protocol's hostile answer: a huge announced length or an endless stream of frames, lines or headers. */
const cases: [string, FloodScript, (port: number) => { type: string } & Record<string, unknown>][] = [
  ["postgres: an 'R' message of 2 GiB", { waitFor: 8, prefix: Buffer.from([0x52, 0x7f, 0xff, 0xff, 0xf0]), filler: zeros }, (p) => ({ type: "postgres", url: `postgres://app:pw@127.0.0.1:${p}/db` })],
  ["mysql: a 16 MiB greeting packet", { waitFor: 0, prefix: Buffer.from([0xff, 0xff, 0xff, 0x00]), filler: zeros }, (p) => ({ type: "mysql", url: `mysql://app:pw@127.0.0.1:${p}/db` })],
  ["redis: a reply line without end", { waitFor: 1, prefix: Buffer.from("+"), filler: repeat("a") }, (p) => ({ type: "redis", url: `redis://127.0.0.1:${p}` })],
  ["amqp: endless heartbeat frames", { waitFor: 8, prefix: Buffer.alloc(0), filler: repeat(Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce])) }, (p) => ({ type: "amqp", url: `amqp://guest:guest@127.0.0.1:${p}/` })],
  ["mqtt: a CONNACK of 256 MiB", { waitFor: 1, prefix: Buffer.from([0x20, 0xff, 0xff, 0xff, 0x7f]), filler: zeros }, (p) => ({ type: "mqtt", url: `mqtt://127.0.0.1:${p}` })],
  ["nats: endless +OK lines", { waitFor: 0, prefix: Buffer.from('INFO {"server_name":"x"}\r\n'), filler: repeat("+OK\r\n") }, (p) => ({ type: "nats", url: `nats://127.0.0.1:${p}` })],
  ["tls: endless handshake records", { waitFor: 1, prefix: Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]), filler: zeros }, (p) => ({ type: "tls", url: `tls://127.0.0.1:${p}`, verify: false })],
  ["http: a header flood", { waitFor: 1, prefix: Buffer.from("HTTP/1.1 200 OK\r\n"), filler: repeat("x-flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n") }, (p) => ({ type: "http", url: `http://127.0.0.1:${p}/` })],
  ["http: an endless chunked body", { waitFor: 1, prefix: Buffer.from("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"), filler: repeat(chunk) }, (p) => ({ type: "http", url: `http://127.0.0.1:${p}/`, expect: { bodyContains: "needle" }, maxBodyBytes: "1MiB" })],
  ["http: an endless body, no assertion", { waitFor: 1, prefix: Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 99999999999\r\n\r\n"), filler: zeros }, (p) => ({ type: "http", url: `http://127.0.0.1:${p}/`, expect: { status: [500] } })],
];

describe("an attempt against a flooding target", () => {
  let server: FloodServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each(cases)("%s ends within its timeout, buffers about 1 MiB and closes its socket", async (_name, script, make) => {
    server = await floodServer(script);
    const config = make(server.port);
    const { result, ms, peakGrowth } = await measured(() => attempt(config, TIMEOUT_MS));
    expect(result.outcome).not.toBe("ok");
    expect(ms).toBeLessThan(MAX_MS);
    expect(peakGrowth).toBeLessThan(MAX_GROWTH);
    const s = server;
    expect(await eventually(async () => (await s.connections()) === 0)).toBe(true);
  });
});
