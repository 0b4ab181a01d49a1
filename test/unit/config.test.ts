import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "@/lib/config/load";

function errors(text: string, env: Record<string, string | undefined> = {}): string[] {
  const r = parseConfig(text, env);
  if (!("issues" in r)) throw new Error("expected the config to be rejected");
  return r.issues.map(formatIssue);
}

function valid(text: string, env: Record<string, string | undefined> = {}) {
  const r = parseConfig(text, env);
  if ("issues" in r) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.config;
}

describe("valid configs", () => {
  it("applies the defaults of SPEC §1", () => {
    const c = valid(`services:\n  - id: api\n    check: { type: http, url: "http://127.0.0.1:8080/health" }\n`);
    expect(c.services[0]).toMatchObject({
      id: "api",
      name: "api",
      group: "default",
      dependsOn: [],
      timing: { interval: 10_000, timeout: 2_000, retries: 2, failureThreshold: 3, successThreshold: 1, startPeriod: 0, degradedAfter: 1_000, backoff: { initial: 200, factor: 2, max: 2_000, jitter: 0.2 } },
    });
    expect(c.services[0]?.check).toMatchObject({ type: "http", method: "GET", maxRedirects: 5, tlsVerify: true });
    expect(c.retention).toBe(30 * 86_400_000);
  });

  it("merges defaults and per-service overrides, backoff field by field", () => {
    const c = valid(`defaults:
  interval: 5s
  retries: 1
  backoff: { initial: 100ms }
services:
  - id: a
    interval: 1m
    backoff: { max: 1s }
    check: { type: tcp, url: "tcp://127.0.0.1:5432" }
  - id: b
    check: { type: tcp, url: "tcp://127.0.0.1:6379" }
`);
    expect(c.services[0]?.timing).toMatchObject({ interval: 60_000, retries: 1, backoff: { initial: 100, factor: 2, max: 1_000, jitter: 0.2 } });
    expect(c.services[1]?.timing).toMatchObject({ interval: 5_000, retries: 1, backoff: { initial: 100, max: 2_000 } });
  });

  it("reads JSON as well as YAML", () => {
    const c = valid(JSON.stringify({ services: [{ id: "x", group: "g", check: { type: "tcp", url: "tcp://127.0.0.1:1" } }] }));
    expect(c.services[0]).toMatchObject({ id: "x", group: "g" });
  });

  it("substitutes ${VAR} from the environment", () => {
    const c = valid(`services:\n  - id: a\n    check: { type: http, url: "http://\${HOST}:\${PORT}/h" }\n`, { HOST: "127.0.0.1", PORT: "81" });
    expect(c.services[0]?.check.url).toBe("http://127.0.0.1:81/h");
  });

  it("accepts required and optional dependencies", () => {
    const c = valid(`services:
  - id: db
    check: { type: tcp, url: "tcp://127.0.0.1:5432" }
  - id: cache
    check: { type: tcp, url: "tcp://127.0.0.1:6379" }
  - id: api
    check: { type: tcp, url: "tcp://127.0.0.1:80" }
    dependsOn: [db, { service: cache, optional: true }]
`);
    expect(c.services[2]?.dependsOn).toEqual([{ id: "db", optional: false }, { id: "cache", optional: true }]);
  });
});

describe("invalid configs name the path and the line", () => {
  it.each([
    ["a duration in words", `services:\n  - id: a\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n    timeout: 2 seconds\n`, ['services[0].timeout (line 4): expected a duration like "2s", got "2 seconds"']],
    ["an id with capitals", `services:\n  - id: Api\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n`, ["services[0].id (line 2): must use only a-z, 0-9 and -"]],
    ["a missing check", `services:\n  - id: a\n`, ["services[0].check (line 2): is required"]],
    ["an unknown check type", `services:\n  - id: a\n    check: { type: ftp }\n`, ['services[0].check.type (line 3): unknown check type "ftp"; expected one of ' ]],
    ["an unknown field", `services:\n  - id: a\n    check: { type: tcp, url: "tcp://127.0.0.1:1", bogus: 1 }\n`, ["services[0].check.bogus (line 3): unknown field"]],
    ["a tcp url without port", `services:\n  - id: a\n    check:\n      type: tcp\n      url: tcp://db\n`, ['services[0].check.url (line 5): expected "tcp://host:port"']],
    ["a missing variable", `services:\n  - id: a\n    check: { type: http, url: "http://\${NOPE}/" }\n`, ["services[0].check.url (line 3): environment variable NOPE is not set"]],
    ["a duplicate id", `services:\n  - id: a\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n  - id: a\n    check: { type: tcp, url: "tcp://127.0.0.1:2" }\n`, ['services[1].id (line 4): duplicate id "a" (also services[0])']],
    ["an unknown dependency", `services:\n  - id: a\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n    dependsOn: [nope]\n`, ['services[0].dependsOn[0] (line 4): unknown service "nope"']],
    ["a YAML syntax error", `services:\n  - id: a\n   check: [\n`, []],
  ])("%s", (_name, text, expected) => {
    const got = errors(text);
    expect(got.length).toBeGreaterThan(0);
    expected.forEach((e, i) => expect(got[i]).toContain(e));
    for (const line of got) expect(line).toMatch(/\(line \d+\)/);
  });

  it("reports every error at once, in line order", () => {
    const got = errors(`defaults:
  retries: many
services:
  - id: a
    check: { type: tcp, url: "nope" }
  - id: b
    interval: soon
    check: { type: http, url: "http://x", expect: { status: [99] } }
`);
    expect(got).toEqual([
      "defaults.retries (line 2): Invalid input: expected number, received string",
      'services[0].check.url (line 5): expected "tcp://host:port"',
      'services[1].interval (line 7): expected a duration like "2s", got "soon"',
      "services[1].check.expect.status[0] (line 8): Too small: expected number to be >=100",
    ]);
  });

  it("reports dependency errors in the same pass as schema errors", () => {
    const got = errors(`services:\n  - id: a\n    interval: soon\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n    dependsOn: [ghost]\n`);
    expect(got).toEqual(['services[0].interval (line 3): expected a duration like "2s", got "soon"', 'services[0].dependsOn[0] (line 5): unknown service "ghost"']);
  });

  it("names the whole cycle", () => {
    const got = errors(`services:
  - id: a
    check: { type: tcp, url: "tcp://127.0.0.1:1" }
    dependsOn: [c]
  - id: b
    check: { type: tcp, url: "tcp://127.0.0.1:1" }
    dependsOn: [a]
  - id: c
    check: { type: tcp, url: "tcp://127.0.0.1:1" }
    dependsOn: [b]
`);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/dependency cycle: /);
    for (const id of ["a", "b", "c"]) expect(got[0]).toContain(id);
  });
});
