import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER } from "@/lib/auth/client";
import { isLoopbackHost, listenHost } from "@/lib/auth/peer";
import { LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW_MS, LoginLimiter } from "@/lib/auth/rate-limit";

describe("login rate limit", () => {
  it("refuses an address after the allowed failures until the window passes, others unaffected", () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) {
      expect(limiter.check("10.0.0.1", 1_000 + i).allowed).toBe(true);
      limiter.fail("10.0.0.1", 1_000 + i);
    }
    const gate = limiter.check("10.0.0.1", 2_000);
    expect(gate).toEqual({ allowed: false, retryAfterS: Math.ceil((1_000 + LOGIN_WINDOW_MS - 2_000) / 1000) });
    expect(limiter.check("10.0.0.2", 2_000).allowed).toBe(true);
    expect(limiter.check("10.0.0.1", 1_000 + LOGIN_WINDOW_MS + 1).allowed).toBe(true);
  });

  it("forgets an address's failures once it logs in", () => {
    const limiter = new LoginLimiter(2, 60_000);
    limiter.fail("a", 0);
    limiter.fail("a", 1);
    expect(limiter.check("a", 2).allowed).toBe(false);
    limiter.succeed("a");
    expect(limiter.check("a", 3).allowed).toBe(true);
  });
});

describe("client address", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it.each([
    ["the peer without a proxy", { [PEER_HEADER]: "10.1.1.1", "x-forwarded-for": "1.2.3.4" }, false, "10.1.1.1"],
    ["the proxy's entry when trusted", { [PEER_HEADER]: "10.1.1.1", "x-forwarded-for": "6.6.6.6, 1.2.3.4" }, true, "1.2.3.4"],
    ["the peer when trusted but nothing forwarded", { [PEER_HEADER]: "10.1.1.1" }, true, "10.1.1.1"],
    ["one shared bucket when nothing is known", {}, false, "unknown"],
  ])("%s", (_name, h, trusted, expected) => {
    expect(clientAddress(headers(h), trusted)).toBe(expected);
  });
});

describe("listen address", () => {
  it.each([
    [["node", "next", "start", "-H", "127.0.0.1"], true],
    [["node", "next", "start", "--hostname", "localhost"], true],
    [["node", "next", "start", "--hostname=::1"], true],
    [["node", "next", "start", "-H", "0.0.0.0"], false],
    [["node", "next", "start"], false],
  ])("%j on loopback: %s", (argv, loopback) => {
    expect(isLoopbackHost(listenHost(argv, {}))).toBe(loopback);
  });

  it.each([
    ["127.0.0.1", true],
    ["0.0.0.0", false],
    ["", false],
  ])("scripts/start.mjs with HOSTNAME=%j on loopback: %s", (host, loopback) => {
    expect(isLoopbackHost(listenHost(["node", "scripts/start.mjs"], { HOSTNAME: host }))).toBe(loopback);
  });
});
