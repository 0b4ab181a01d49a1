import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, eventually, freePort, hungListener, tcpHandles, type HungListener } from "@/test/fixtures/protocol-servers";

/** Every network protocol check, pointed at `port` on 127.0.0.1, with a password where the URL takes one. */
const configs: [string, (port: number) => { type: string } & Record<string, unknown>][] = [
  ["postgres", (p) => ({ type: "postgres", url: `postgres://app:hunter2pw@127.0.0.1:${p}/test` })],
  ["mysql", (p) => ({ type: "mysql", url: `mysql://app:hunter2pw@127.0.0.1:${p}/test` })],
  ["redis", (p) => ({ type: "redis", url: `redis://app:hunter2pw@127.0.0.1:${p}` })],
  ["amqp", (p) => ({ type: "amqp", url: `amqp://app:hunter2pw@127.0.0.1:${p}/` })],
  ["mqtt", (p) => ({ type: "mqtt", url: `mqtt://app:hunter2pw@127.0.0.1:${p}` })],
  ["nats", (p) => ({ type: "nats", url: `nats://app:hunter2pw@127.0.0.1:${p}` })],
  ["tls", (p) => ({ type: "tls", url: `tls://127.0.0.1:${p}` })],
];

describe("protocol checks against a closed port", () => {
  it.each(configs)("%s reports refused in the connect phase", async (_type, make) => {
    const r = await attempt(make(await freePort()));
    expect(r.outcome).toBe("refused");
    expect(r.phase).toBe("connect");
    expect(r.message ?? "").not.toContain("hunter2pw");
  });
});

describe("protocol checks against a listener that never answers", () => {
  let hung: HungListener;
  beforeAll(async () => {
    hung = await hungListener();
  });
  afterAll(async () => {
    await hung.close();
  });

  it.each(configs)("%s times out and leaves no socket behind", async (_type, make) => {
    const before = tcpHandles();
    const config = make(hung.port);
    // Many attempts at once, as a busy scheduler would run them; each is cut by runAttempt's timer.
    const results = await Promise.all(Array.from({ length: 12 }, () => attempt(config, 300)));
    for (const r of results) {
      expect(r.outcome).toBe("timeout");
      expect(r.message ?? "").not.toContain("hunter2pw");
    }
    // The server side sees every connection closed, and this process holds no extra TCP handles.
    expect(await eventually(async () => (await hung.connections()) === 0)).toBe(true);
    expect(await eventually(() => tcpHandles() <= before)).toBe(true);
  });
});
