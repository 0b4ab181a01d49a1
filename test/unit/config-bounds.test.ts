import { describe, expect, it } from "vitest";
import { formatIssue, parseConfig } from "@/lib/config/load";
import { collectSecrets, redact } from "@/lib/config/redact";

const svc = (check: string, extra = "") => `services:\n  - id: a\n    check: ${check}\n${extra}`;
const redis = `{ type: redis, url: "redis://127.0.0.1:6379" }`;

function issuesOf(text: string, env: Record<string, string> = {}): string[] {
  const r = parseConfig(text, env);
  return "issues" in r ? r.issues.map(formatIssue) : [];
}

describe("values that make no sense are errors (README Config bounds)", () => {
  it.each([
    ["redis url x", svc(`{ type: redis, url: "x" }`), /^services\[0\]\.check\.url \(line 3\): expected a URL/],
    ["redis url empty", svc(`{ type: redis, url: "" }`), /^services\[0\]\.check\.url \(line 3\)/],
    ["interval beyond a timer", svc(redis, "    interval: 25d\n    timeout: 1s\n"), /^services\[0\]\.interval \(line 4\): must be at most 24d/],
    ["timeout longer than interval", svc(redis, "    interval: 1s\n    timeout: 1h\n"), /^services\[0\]\.timeout \(line 5\): timeout \(1h\) must not be longer than interval \(1s\)/],
    ["timeout above an inherited interval", `defaults: { interval: 1s }\n${svc(redis, "    timeout: 5s\n")}`, /^services\[0\]\.timeout \(line 5\): timeout \(5s\) must not be longer than interval \(1s, from defaults\.interval\)/],
    ["failureThreshold 1e15", svc(redis, "    failureThreshold: 1e15\n"), /^services\[0\]\.failureThreshold \(line 4\): Too big/],
    ["backoff factor 1e300", svc(redis, "    backoff: { factor: 1e300 }\n"), /^services\[0\]\.backoff\.factor \(line 4\): Too big/],
    ["retention 0s", `retention: 0s\n${svc(redis)}`, /^retention \(line 1\): must be at least 1h/],
    ["retention 1", `retention: 1\n${svc(redis)}`, /^retention \(line 1\): must be at least 1h/],
    ["minFreeBytes of 400 digits", svc(`{ type: mount, path: /tmp, minFreeBytes: ${"9".repeat(400)} }`), /^services\[0\]\.check\.minFreeBytes \(line 3\)/],
    ["maxBodyBytes 0", svc(`{ type: http, url: "http://h/", maxBodyBytes: 0 }`), /^services\[0\]\.check\.maxBodyBytes \(line 3\): must be between/],
    ["port 99999", svc(`{ type: redis, url: "redis://h:99999" }`), /^services\[0\]\.check\.url \(line 3\)/],
    ["port 0", svc(`{ type: redis, url: "redis://h:0" }`), /^services\[0\]\.check\.url \(line 3\)/],
    ["tcp port 0", svc(`{ type: tcp, url: "tcp://h:0" }`), /^services\[0\]\.check\.url \(line 3\)/],
    ["http port 0", svc(`{ type: http, url: "http://h:0/" }`), /^services\[0\]\.check\.url \(line 3\)/],
    ["malformed percent-encoding", svc(`{ type: postgres, url: "postgres://%zz@h/db" }`), /^services\[0\]\.check\.url \(line 3\)/],
    ["a literal ${", svc(`{ type: redis, url: "redis://h:1/\${" }`), /^services\[0\]\.check\.url \(line 3\): unterminated or malformed "\$\{"/],
    ["an empty file", "", /^\(root\) \(line 1\): the file is empty; write `services: \[\]`/],
    ["a comment-only file", "# nothing\n", /^\(root\) \(line 1\): the file is empty/],
    ["an alias bomb", `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`, /^\(root\) \(line 2\): YAML: aliases expand/],
    ["deep nesting", `services: ${"[".repeat(20_000)}`, /^\(root\) \(line 1\)/],
  ])("%s", (_name, text, expected) => {
    const issues = issuesOf(text);
    expect(issues.some((i) => expected.test(i)), issues.join("\n")).toBe(true);
  });

  it("accepts harmless aliases that expand to about a thousand nodes", () => {
    const check = `{ type: tcp, url: "tcp://127.0.0.1:1" }`;
    const many = Array.from({ length: 300 }, (_, i) => `  - { id: s${i}, check: *c }`).join("\n");
    const text = `services:\n  - { id: s, check: &c ${check} }\n${many}\n`;
    const ok = parseConfig(text, {});
    expect("config" in ok && ok.config.services.length).toBe(301);
  });

  it("quotes at most ~80 characters of a 1 MB bad value", () => {
    const issues = issuesOf(svc(redis, `    interval: "${"x".repeat(1_000_000)}"\n`));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.length).toBeLessThan(200);
  });
});

describe("a timeout longer than the interval is an error wherever either comes from", () => {
  it.each([
    ["a defaults timeout above the service's interval", `defaults: { timeout: 1h }\n${svc(redis, "    interval: 1s\n")}`, "services[0].interval (line 5): timeout (1h, from defaults.timeout) must not be longer than interval (1s)"],
    ["the built-in timeout above the service's interval", svc(redis, "    interval: 1s\n"), "services[0].interval (line 4): timeout (2s, the default) must not be longer than interval (1s)"],
    ["defaults that contradict each other", `defaults: { interval: 1s, timeout: 5s }\n${svc(redis)}`, "services[0] (line 3): timeout (5s, from defaults.timeout) must not be longer than interval (1s, from defaults.interval)"],
    ["a defaults interval below the built-in timeout", `defaults: { interval: 1s }\n${svc(redis)}`, "services[0] (line 3): timeout (2s, the default) must not be longer than interval (1s, from defaults.interval)"],
  ])("%s", (_name, text, expected) => {
    expect(issuesOf(text)).toEqual([expected]);
  });

  it("accepts a short interval with a timeout that fits, written on the service or in defaults", () => {
    const r = parseConfig(`defaults: { timeout: 300ms }\n${svc(redis, "    interval: 500ms\n")}  - id: b\n    check: ${redis}\n    interval: 200ms\n    timeout: 200ms\n`, {});
    expect("config" in r && r.config.services.map((s) => s.timing)).toMatchObject([{ interval: 500, timeout: 300 }, { interval: 200, timeout: 200 }]);
  });
});

describe("environment variables", () => {
  it.each([
    ["${HOST}", { HOST: "db" }, "db"],
    ["${HOST:-fallback}", {}, "fallback"],
    ["${HOST:-fallback}", { HOST: "" }, "fallback"],
    ["${HOST:-fallback}", { HOST: "db" }, "db"],
    ["p$$w", {}, "p$w"],
    ["$${HOST}", { HOST: "db" }, "${HOST}"],
    ["a$b", {}, "a$b"],
  ])("%s with %j gives %s", (value, env, expected) => {
    const r = parseConfig(`services:\n  - id: a\n    name: "${value}"\n    check: ${redis}\n`, env);
    expect("config" in r && r.config.services[0]?.name).toBe(expected);
  });

  it("keeps a value taken from the environment out of the error text", () => {
    const issues = issuesOf(svc(redis, "    interval: ${PG_PASSWORD}\n"), { PG_PASSWORD: "hunter2-very-secret" });
    expect(issues.join("\n")).toMatch(/services\[0\]\.interval \(line 4\): expected a duration/);
    expect(issues.join("\n")).not.toContain("hunter2");
  });
});

describe("secrets in URL queries", () => {
  it.each([
    ["http://h/health?token=s3cr3t-value", "http://h/health?token=***"],
    ["http://h/x?a=1&api_key=s3cr3t-value&b=2", "http://h/x?a=1&api_key=***&b=2"],
    ["http://h/x?page=2", "http://h/x?page=2"],
  ])("redact(%s) → %s, and the value is collected for scrubbing", (url, masked) => {
    expect(redact({ type: "http", url }).url).toBe(masked);
    const secrets = collectSecrets({ url });
    expect(secrets.includes("s3cr3t-value")).toBe(masked !== url);
  });
});
