import amqplib from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, requireService } from "@/test/fixtures/protocol-servers";

const QUEUE = `depwatch-test-${process.pid}`;

describe("amqp check (RabbitMQ, guest/guest)", () => {
  beforeAll(async () => {
    await requireService("RabbitMQ", 5672);
    const conn = await amqplib.connect("amqp://guest:guest@127.0.0.1:5672");
    const ch = await conn.createChannel();
    await ch.assertQueue(QUEUE, { durable: false, autoDelete: false });
    await conn.close();
  });
  afterAll(async () => {
    const conn = await amqplib.connect("amqp://guest:guest@127.0.0.1:5672");
    const ch = await conn.createChannel();
    await ch.deleteQueue(QUEUE);
    await conn.close();
  });

  it.each([
    ["the default vhost", "amqp://guest:guest@127.0.0.1:5672", {}, /vhost \/$/],
    ["an explicit %2f vhost", "amqp://guest:guest@127.0.0.1:5672/%2f", {}, /vhost \//],
    ["an existing queue", "amqp://guest:guest@127.0.0.1:5672", { queue: QUEUE }, /0 message\(s\), 0 consumer\(s\)/],
  ])("passes with %s", async (_name, url, extra, message) => {
    const r = await attempt({ type: "amqp", url, ...extra });
    expect(r.outcome, r.message).toBe("ok");
    expect(r.message).toMatch(message);
  });

  it.each([
    ["a wrong password", "amqp://guest:not-the-guest-pw@127.0.0.1:5672", {}, "auth", /login: 403 ACCESS_REFUSED/],
    ["a vhost that does not exist", "amqp://guest:guest@127.0.0.1:5672/depwatch-no-vhost", {}, "error", /open vhost depwatch-no-vhost: 530 NOT_ALLOWED/],
    ["a missing queue", "amqp://guest:guest@127.0.0.1:5672", { queue: `${QUEUE}-missing` }, "assertion", /404 NOT_FOUND/],
  ])("classifies %s", async (_name, url, extra, outcome, message) => {
    const r = await attempt({ type: "amqp", url, ...extra });
    expect(r.outcome).toBe(outcome);
    expect(r.message).toMatch(message);
    expect(r.message).not.toContain("not-the-guest-pw");
  });
});
