import { describe, expect, it } from "vitest";
import { FrameReader, closeReason, ints, methodFrame, methodName, shortStr } from "@/lib/checks/amqp-wire";
import { amqpCloseOutcome } from "@/lib/checks/amqp";
import { answerMatches, formatAnswers, parseDnsServer } from "@/lib/checks/dns";
import { lineSplitter } from "@/lib/checks/framed-socket";
import { checkTypeOf } from "@/lib/checks";
import { connackOutcome } from "@/lib/checks/mqtt";
import { isMysqlAuthCode } from "@/lib/checks/mysql";
import { natsConnectOptions, natsError, natsErrorOutcome } from "@/lib/checks/nats";
import { sqlStateOutcome } from "@/lib/checks/postgres";
import { redisReplyOutcome, respCommand } from "@/lib/checks/redis";
import { daysLeft, expiryVerdict } from "@/lib/checks/tls";
import { endpoint, hideSecrets, parseServiceUrl, replyCode } from "@/lib/checks/util";

const PORTS = { postgres: 5432, redis: 6379 };

describe("parseServiceUrl", () => {
  it.each([
    ["postgres://app:p%40ss@db:6000/orders", { host: "db", port: 6000, username: "app", password: "p@ss", path: "orders" }],
    ["redis://127.0.0.1", { host: "127.0.0.1", port: 6379, path: "" }],
    ["redis://:only-pw@[::1]:7000/2", { host: "::1", port: 7000, password: "only-pw", path: "2" }],
  ])("parses %s", (url, want) => {
    const u = parseServiceUrl(url, PORTS);
    expect(u).toMatchObject(want);
    if (!("username" in want)) expect(u?.username).toBeUndefined();
  });
  it.each(["mysql://db:3306", "postgres:db", "not a url", "redis://"])("rejects %s", (url) => {
    expect(parseServiceUrl(url, PORTS)).toBeUndefined();
  });
});

describe("small helpers", () => {
  it.each([
    ["password p@ss failed", ["p@ss"], "password *** failed"],
    ["url postgres://a:p%40ss@h", ["p@ss"], "url postgres://a:***@h"],
    ["nothing to hide", [undefined, ""], "nothing to hide"],
  ])("hideSecrets(%j)", (text, secrets, want) => expect(hideSecrets(text, secrets)).toBe(want));
  it.each([["db", 5432, "db:5432"], ["::1", 6379, "[::1]:6379"]] as const)("endpoint(%s, %d)", (h, p, want) => expect(endpoint(h, p)).toBe(want));
  it.each([["-WRONGPASS invalid", "WRONGPASS"], ["NOAUTH Authentication required.", "NOAUTH"], ["-err lower", undefined]])("replyCode(%j)", (r, want) => expect(replyCode(r)).toBe(want));
  it("splits CRLF lines across chunks", () => {
    const split = lineSplitter();
    expect(split(Buffer.from("+PO"))).toEqual([]);
    expect(split(Buffer.from("NG\r\n:1\r\n-ER"))).toEqual(["+PONG", ":1"]);
    expect(split(Buffer.from("R x\r\n"))).toEqual(["-ERR x"]);
  });
});

describe("outcome classification by protocol code", () => {
  it.each([
    ["28P01", "auth"], ["28000", "auth"], ["3D000", "error"], ["57P03", "error"], ["ECONNREFUSED", undefined], [undefined, undefined],
  ] as const)("postgres SQLSTATE %s → %s", (code, want) => expect(sqlStateOutcome(code)).toBe(want));
  it.each([["ER_ACCESS_DENIED_ERROR", true], ["ER_DBACCESS_DENIED_ERROR", true], ["ER_BAD_DB_ERROR", false], [undefined, false]] as const)(
    "mysql %s auth=%s", (code, want) => expect(isMysqlAuthCode(code)).toBe(want));
  it.each([
    ["-WRONGPASS invalid username-password pair", "AUTH", "auth"], ["-ERR invalid password", "AUTH", "auth"], ["-NOAUTH Authentication required.", "PING", "auth"],
    ["-NOPERM no permissions", "EXISTS", "auth"], ["-LOADING Redis is loading", "PING", "error"], ["-LOADING Redis is loading", "AUTH", "error"], ["-ERR DB index is out of range", "SELECT", "error"],
  ] as const)("redis %s on %s → %s", (reply, cmd, want) => expect(redisReplyOutcome(reply, cmd)).toBe(want));
  it.each([[403, "auth"], [404, "assertion"], [530, "error"], [320, "error"]] as const)("amqp close %d → %s", (code, want) => expect(amqpCloseOutcome(code)).toBe(want));
  it.each([[4, "auth"], [5, "auth"], [0x86, "auth"], [0x87, "auth"], [2, "error"], [3, "error"], [0x88, "error"]] as const)("mqtt CONNACK %d → %s", (code, want) => expect(connackOutcome(code)).toBe(want));
  it.each([
    ["-ERR 'Authorization Violation'", "authorization violation", "auth"], ["-ERR 'Authentication Timeout'", "authentication timeout", "auth"],
    ["-ERR 'Unknown Protocol Operation'", "unknown protocol operation", "error"],
  ] as const)("nats %s", (line, name, want) => {
    expect(natsError(line)).toBe(name);
    expect(natsErrorOutcome(name)).toBe(want);
  });
  it("nats: a lone user part is a token", () => {
    expect(natsConnectOptions("tok", undefined)).toMatchObject({ auth_token: "tok" });
    expect(natsConnectOptions("u", "p")).toMatchObject({ user: "u", pass: "p" });
    expect(natsConnectOptions(undefined, undefined)).not.toHaveProperty("user");
  });
});

describe("wire encodings", () => {
  it("encodes RESP commands byte-exact", () => expect(respCommand(["AUTH", "pä"])).toBe("*2\r\n$4\r\nAUTH\r\n$3\r\npä\r\n"));
  it("round-trips an AMQP method frame, skipping heartbeats, across chunk boundaries", () => {
    const close = methodFrame(0, "10.50", Buffer.concat([ints([403, 2]), shortStr("ACCESS_REFUSED"), ints([0, 2], [0, 2])]));
    const heartbeat = Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce]);
    const bytes = Buffer.concat([heartbeat, close]);
    const reader = new FrameReader();
    expect(reader.push(bytes.subarray(0, 10))).toEqual([]);
    const [frame] = reader.push(bytes.subarray(10));
    expect(frame && methodName(frame)).toBe("10.50");
    expect(frame && closeReason(frame.args)).toEqual({ code: 403, text: "ACCESS_REFUSED" });
  });
  it("rejects a server that answers with another protocol header", () => {
    expect(() => new FrameReader().push(Buffer.from("AMQP\x00\x00\x09\x01"))).toThrow(/0-9-1/);
  });
});

describe("dns helpers", () => {
  it.each([["10.0.0.2", "10.0.0.2"], ["10.0.0.2:5353", "10.0.0.2:5353"], ["[fd00::1]:53", "[fd00::1]:53"], ["::1", "::1"], ["dns.example:53", undefined], ["10.0.0.2:0", undefined]] as const)(
    "parseDnsServer(%s)", (s, want) => expect(parseDnsServer(s)).toBe(want));
  it.each([
    ["MX", [{ priority: 10, exchange: "mx.example" }], ["10 mx.example"]],
    ["TXT", [["v=spf1 ", "-all"]], ["v=spf1 -all"]],
    ["SRV", [{ name: "db.example", port: 5432, priority: 0, weight: 5 }], ["db.example:5432"]],
    ["A", ["10.0.0.1"], ["10.0.0.1"]],
  ] as const)("formatAnswers %s", (record, raw, want) => expect(formatAnswers(record, raw)).toEqual(want));
  it.each([
    ["CNAME", "Web.Example.", ["web.example"], true], ["MX", "mx.example", ["10 mx.example"], true], ["MX", "10 mx.example", ["10 mx.example"], true],
    ["TXT", "v=SPF1", ["v=spf1"], false], ["A", "10.0.0.9", ["10.0.0.1"], false],
  ] as const)("answerMatches %s %s", (record, expected, answers, want) => expect(answerMatches(record, expected, answers)).toBe(want));
});

describe("tls expiry", () => {
  const now = Date.UTC(2030, 0, 1);
  const day = 86_400_000;
  it.each([[now + 30.5 * day, 30], [now + 0.5 * day, 0], [now - 0.5 * day, -1]])("daysLeft", (to, want) => expect(daysLeft(new Date(to), now)).toBe(want));
  it.each([
    [now + 30 * day, 14, "ok", /valid for 30 more day/],
    [now + 10 * day, 14, "tls", /expires in 10 day\(s\) .*under minDaysLeft 14/],
    [now - 3.2 * day, 14, "tls", /expired 3 day\(s\) ago/],
  ] as const)("expiryVerdict", (to, min, outcome, message) => {
    const r = expiryVerdict("db.example", new Date(to), now, min);
    expect(r.outcome).toBe(outcome);
    expect(r.message).toMatch(message);
  });
});

describe("config schemas", () => {
  it.each([
    [{ type: "postgres", url: "postgres://a@h/db" }, { query: "select 1" }],
    [{ type: "dns", name: "example.org" }, { record: "A", via: "dns" }],
    [{ type: "tls", url: "example.org:443" }, { minDaysLeft: 14, verify: true }],
  ])("applies defaults to %j", (input, defaults) => expect(checkTypeOf(input.type).schema.parse(input)).toMatchObject(defaults));
  it.each([
    [{ type: "redis", url: "redis://h/abc" }],
    [{ type: "amqp", url: "http://h" }],
    [{ type: "dns", name: "x", server: "dns.example" }],
    [{ type: "nats", url: "nats://h", extra: 1 }],
  ])("rejects %j", (input) => expect(checkTypeOf(input.type).schema.safeParse(input).success).toBe(false));
  it.each([
    ["postgres", { type: "postgres", url: "postgres://app:pw@db:5432/orders" }, "db:5432/orders"],
    ["redis", { type: "redis", url: "redis://:pw@cache:6380/1" }, "cache:6380/1"],
    ["dns", { type: "dns", name: "example.org", record: "MX", server: "10.0.0.2" }, "example.org MX @10.0.0.2"],
  ])("%s target has no secret", (type, input, want) => {
    const t = checkTypeOf(type);
    expect(t.target(t.schema.parse(input))).toBe(want);
  });
});
