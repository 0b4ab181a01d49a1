import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, eventually, hungListener, trackedListener, type HungListener } from "@/test/fixtures/protocol-servers";

type Make = (port: number) => { type: string } & Record<string, unknown>;

/** Every network check against a listener that accepts and never answers, and the phase it must then report. */
const silent: [string, Make, string][] = [
  ["postgres", (p) => ({ type: "postgres", url: `postgres://app:pw@127.0.0.1:${p}/db` }), "response"],
  ["mysql", (p) => ({ type: "mysql", url: `mysql://app:pw@127.0.0.1:${p}/db` }), "response"],
  ["redis", (p) => ({ type: "redis", url: `redis://127.0.0.1:${p}` }), "response"],
  ["amqp", (p) => ({ type: "amqp", url: `amqp://guest:guest@127.0.0.1:${p}/` }), "response"],
  ["mqtt", (p) => ({ type: "mqtt", url: `mqtt://127.0.0.1:${p}` }), "response"],
  ["nats", (p) => ({ type: "nats", url: `nats://127.0.0.1:${p}` }), "response"],
  ["http", (p) => ({ type: "http", url: `http://127.0.0.1:${p}/` }), "response"],
  ["tls", (p) => ({ type: "tls", url: `tls://127.0.0.1:${p}` }), "tls"],
  ["https", (p) => ({ type: "http", url: `https://127.0.0.1:${p}/` }), "tls"],
  ["mqtts", (p) => ({ type: "mqtt", url: `mqtts://127.0.0.1:${p}` }), "tls"],
];

const TIMEOUT_MS = 400;

describe("phases and the timeout against a silent listener", () => {
  let hung: HungListener;
  beforeAll(async () => {
    hung = await hungListener();
  });
  afterAll(() => hung.close());

  it.each(silent)("%s times out at its timeout in phase %s and closes its socket", async (_name, make, phase) => {
    const started = performance.now();
    const r = await attempt(make(hung.port), TIMEOUT_MS);
    const ms = performance.now() - started;
    expect(r).toMatchObject({ outcome: "timeout", phase });
    // Well before the runner's hard deadline (timeout + 250 ms), which a probe ignoring its signal would hit.
    expect(ms).toBeLessThan(TIMEOUT_MS + 200);
    expect(await eventually(async () => (await hung.connections()) === 0, 1000)).toBe(true);
  });
});

describe("a connection reset right after accept", () => {
  let reset: HungListener;
  beforeAll(async () => {
    reset = await trackedListener((s) => s.resetAndDestroy());
  });
  afterAll(() => reset.close());

  it.each(silent.filter(([name]) => !["tls", "https", "mqtts"].includes(name)))("%s reports the same phase every time, never connect", async (_name, make) => {
    const results = await Promise.all(Array.from({ length: 8 }, () => attempt(make(reset.port), 1000)));
    const phases = new Set(results.map((r) => r.phase));
    expect(results.every((r) => r.outcome !== "ok")).toBe(true);
    expect(phases.size).toBe(1);
    expect(phases.has("connect")).toBe(false);
  });
});

describe("bytes a target sends", () => {
  let raw: HungListener;
  beforeAll(async () => {
    raw = await trackedListener((s) => s.once("data", () => s.end(Buffer.from([0x2d, 0x45, 0x52, 0x52, 0x20, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0x0d, 0x0a]))));
  });
  afterAll(() => raw.close());

  it("show escaped in the attempt's message, never raw", async () => {
    const r = await attempt({ type: "redis", url: `redis://127.0.0.1:${raw.port}` });
    expect(r.outcome).toBe("error");
    expect(r.message).toContain("\\x00\\x1b[31m\\xff\\xfe");
  });
});
