import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt, freePort, requireService, spawnServer, type Spawned } from "@/test/fixtures/protocol-servers";

const PASSWORD = "broker-fixture-pw-58";

describe("mqtt check (Mosquitto)", () => {
  let secured: Spawned;
  let dir = "";
  beforeAll(async () => {
    await requireService("Mosquitto", 1883);
    dir = mkdtempSync(join(tmpdir(), "depwatch-mqtt-"));
    // Mosquitto started as root drops to its own user, which must be able to read these files.
    chmodSync(dir, 0o755);
    execFileSync("mosquitto_passwd", ["-b", "-c", join(dir, "passwd"), "app", PASSWORD]);
    chmodSync(join(dir, "passwd"), 0o644);
    const port = await freePort();
    writeFileSync(join(dir, "mosquitto.conf"), `listener ${port} 127.0.0.1\nallow_anonymous false\npassword_file ${join(dir, "passwd")}\n`);
    secured = await spawnServer("mosquitto", ["-c", join(dir, "mosquitto.conf")], port);
  });
  afterAll(async () => {
    await secured.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["anonymously on the shared broker", () => "mqtt://127.0.0.1:1883"],
    ["with the right password", () => `mqtt://app:${PASSWORD}@127.0.0.1:${secured.port}`],
  ])("passes %s", async (_name, url) => {
    const r = await attempt({ type: "mqtt", url: url() });
    expect(r.outcome, r.message).toBe("ok");
    expect(r.message).toContain("CONNACK accepted");
  });

  it.each([
    ["a wrong password", () => `mqtt://app:wrong-${PASSWORD}@127.0.0.1:${secured.port}`],
    ["no credentials where they are required", () => `mqtt://127.0.0.1:${secured.port}`],
  ])("reports %s as auth (CONNACK code 5, not authorized)", async (_name, url) => {
    const r = await attempt({ type: "mqtt", url: url() });
    expect(r.outcome).toBe("auth");
    expect(r.message).toMatch(/CONNACK refused with code 5/);
    expect(r.message).not.toContain(PASSWORD);
  });
});

describe("nats check (nats-server)", () => {
  let secured: Spawned;
  beforeAll(async () => {
    await requireService("NATS", 4222);
    const port = await freePort();
    secured = await spawnServer("nats-server", ["-a", "127.0.0.1", "-p", String(port), "--user", "app", "--pass", PASSWORD], port);
  });
  afterAll(async () => {
    await secured.stop();
  });

  it.each([
    ["anonymously on the shared server", () => "nats://127.0.0.1:4222"],
    ["with the right password", () => `nats://app:${PASSWORD}@127.0.0.1:${secured.port}`],
  ])("passes %s", async (_name, url) => {
    const r = await attempt({ type: "nats", url: url() });
    expect(r.outcome, r.message).toBe("ok");
    expect(r.message).toContain("PONG");
  });

  it.each([
    ["a wrong password", () => `nats://app:wrong-${PASSWORD}@127.0.0.1:${secured.port}`],
    ["no credentials where they are required", () => `nats://127.0.0.1:${secured.port}`],
    ["a token the server does not know", () => `nats://${PASSWORD}@127.0.0.1:${secured.port}`],
  ])("reports %s as auth (authorization violation)", async (_name, url) => {
    const r = await attempt({ type: "nats", url: url() });
    expect(r.outcome).toBe("auth");
    expect(r.message).toBe("NATS error: authorization violation");
  });
});
