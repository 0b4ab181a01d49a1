import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ManualLimiter } from "@/lib/runtime/manual-limiter";
import { parseChecksQuery, parseLatencyQuery } from "@/lib/api/checks-query";
import { ApiError, toErrorResponse } from "@/lib/api/respond";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { RecentWindow } from "@/lib/runtime/recent";
import { seedRecent } from "@/lib/runtime/recent-seed";
import { MemoryStore } from "@/lib/store/memory";

const NOW = Date.parse("2030-06-01T12:00:00Z");
const q = (s: string) => new URLSearchParams(s);

describe("parseChecksQuery", () => {
  it.each([
    ["", { limit: 50 }],
    ["limit=1", { limit: 1 }],
    ["limit=500", { limit: 500 }],
    ["outcome=timeout", { limit: 50, outcome: "timeout" }],
    ["outcome=", { limit: 50 }],
    ["before=42", { limit: 50, before: 42 }],
    ["from=1700000000000", { limit: 50, from: 1_700_000_000_000 }],
    ["from=2030-06-01T11:00:00Z&to=2030-06-01T11:30:00.000Z", { limit: 50, from: NOW - 3_600_000, to: NOW - 1_800_000 }],
    ["from=2030-06-01T13:00:00%2B02:00", { limit: 50, from: NOW - 3_600_000 }],
    ["from=2030-06-01T13:00:00+02:00", { limit: 50, from: NOW - 3_600_000 }],
    ["to=2030-06-01", { limit: 50, to: Date.parse("2030-06-01") }],
    ["range=1h", { limit: 50, from: NOW - 3_600_000 }],
    ["range=7d&to=1900000000000", { limit: 50, from: 1_900_000_000_000 - 7 * 86_400_000, to: 1_900_000_000_000 }],
    ["limit=5&cachebust=123", { limit: 5 }],
  ])("%j → %j", (input, expected) => {
    expect(parseChecksQuery(q(input), NOW)).toEqual(expected);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=1.5", "limit"],
    ["limit=ten", "limit"],
    ["outcome=slow", "outcome"],
    ["outcome=OK", "outcome"],
    ["before=0", "before"],
    ["before=-3", "before"],
    ["from=yesterday", "from"],
    ["from=June%201", "from"],
    ["to=2030-13-45", "to"],
    ["from=2030-06-02&to=2030-06-01", "from"],
    ["range=1h&from=0", "range"],
    ["range=forever", "range"],
    ["range=0s", "range"],
    ["range=500d", "range"],
  ])("%j is a 400 naming %s", async (input, field) => {
    let caught: unknown;
    try {
      parseChecksQuery(q(input), NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught instanceof ZodError || caught instanceof ApiError).toBe(true);
    const res = toErrorResponse(caught);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(field);
  });
});

describe("parseLatencyQuery", () => {
  it.each([
    ["", { from: NOW - 86_400_000, to: NOW, buckets: 60 }],
    ["range=1h&buckets=12", { from: NOW - 3_600_000, to: NOW, buckets: 12 }],
    ["from=1000&to=2000&buckets=500", { from: 1000, to: 2000, buckets: 500 }],
  ])("%j → %j", (input, expected) => {
    expect(parseLatencyQuery(q(input), NOW)).toEqual(expected);
  });

  it.each(["buckets=0", "buckets=501", "from=3000&to=2000", `from=${NOW + 1}`])("%j throws", (input) => {
    expect(() => parseLatencyQuery(q(input), NOW)).toThrow();
  });
});

describe("ManualLimiter", () => {
  it("asks to wait until 2 s after the last manual check", () => {
    const l = new ManualLimiter();
    expect(l.wait("a", 1_000)).toBe(0);
    l.mark("a", 1_000);
    expect(l.wait("a", 1_500)).toBe(1_500);
    expect(l.wait("b", 1_500)).toBe(0);
    expect(l.wait("a", 3_000)).toBe(0);
  });
});

describe("assertSameOrigin", () => {
  it.each([
    [undefined, "127.0.0.1:3000", true],
    ["http://127.0.0.1:3000", "127.0.0.1:3000", true],
    ["https://dash.example", "dash.example", true],
    ["http://evil.example", "127.0.0.1:3000", false],
    ["http://127.0.0.1:3001", "127.0.0.1:3000", false],
    ["null", "127.0.0.1:3000", false],
  ])("origin %s, host %s → allowed %s", (origin, host, allowed) => {
    const h = new Headers({ host });
    if (origin) h.set("origin", origin);
    if (origin?.startsWith("https:")) h.set("x-forwarded-proto", "https");
    // X-Forwarded-Proto counts only behind a trusted proxy (DEPWATCH_TRUST_PROXY), as here.
    const run = () => assertSameOrigin(new Request(`http://${host}/api/services/x/check`, { method: "POST", headers: h }), true);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe("seedRecent", () => {
  it("refills the last hour from the store and leaves older checks out", async () => {
    const store = new MemoryStore({ pruneIntervalMs: 0 });
    const attempt = (outcome: "ok" | "timeout", startedAt: number) => ({ n: 1, startedAt, durationMs: 5, outcome });
    const add = (serviceId: string, at: number, outcomes: ("ok" | "timeout")[]) =>
      store.append({ serviceId, startedAt: at, durationMs: 10, trigger: "schedule", passed: outcomes.at(-1) === "ok", attempts: outcomes.map((o, i) => ({ ...attempt(o, at), n: i + 1 })) });
    add("a", NOW - 2 * 3_600_000, ["timeout", "ok"]); // too old
    add("a", NOW - 59 * 60_000, ["timeout", "ok"]);
    add("a", NOW - 30 * 60_000, ["ok"]);
    add("a", NOW - 1_000, ["timeout", "timeout"]);
    add("gone", NOW - 1_000, ["ok"]);
    const w = new RecentWindow();
    await seedRecent(w, store, new Set(["a"]), NOW);
    expect(w.get("a", NOW)).toEqual({ checks: 3, failed: 1, retries: 2, timeouts: 3 });
    expect(w.get("gone", NOW)).toEqual({ checks: 0, failed: 0, retries: 0, timeouts: 0 });
    // The seeded totals age out with the window.
    expect(w.get("a", NOW + 2 * 3_600_000).checks).toBe(0);
  });
});
