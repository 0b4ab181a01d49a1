import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "@/lib/cli/check-config";

const dir = mkdtempSync(join(tmpdir(), "depwatch-cc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

const VALID = `services:
  - id: db
    check: { type: tcp, url: "tcp://127.0.0.1:5432" }
  - id: cache
    check: { type: tcp, url: "tcp://127.0.0.1:6379" }
  - id: api
    check: { type: http, url: "http://127.0.0.1:8080/health" }
    dependsOn: [db, { service: cache, optional: true }]
`;

const INVALID = `defaults:
  interval: 10s
services:
  - id: api
    check: { type: http, url: "http://127.0.0.1:8080/" }
    timeout: 2 seconds
  - id: Bad_Id
    check: { type: tcp, url: "tcp://127.0.0.1:1" }
  - id: pg
    check: { type: tcp, url: "tcp://app:\${PG_PASSWORD}@127.0.0.1:5432" }
`;

describe("depwatch check-config", () => {
  it("accepts a valid config with a one-line summary and exit 0", async () => {
    const r = await run([file("ok.yaml", VALID)]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/ok\.yaml: valid, 3 services, 2 waves$/)]);
  });

  it("prints every error with file, line and column, and exits 1", async () => {
    const p = file("bad.yaml", INVALID);
    const r = await run([p]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${p}:6:14: services[0].timeout: expected a duration like "2s", got "2 seconds"`,
      `${p}:7:9: services[1].id: must use only a-z, 0-9 and -`,
      `${p}:10:30: services[2].check.url: environment variable PG_PASSWORD is not set`,
      `${p}: 3 errors`,
    ]);
  });

  it.each([
    ["a YAML syntax error", "services:\n  - id: a\n   check: x\n", /:3:\d+: \(root\): YAML: /],
    ["an unknown dependency", "services:\n  - id: a\n    check: { type: tcp, url: \"tcp://h:1\" }\n    dependsOn: [ghost]\n", /:4:\d+: services\[0\]\.dependsOn\[0\]: .*ghost/],
    ["a dependency cycle", "services:\n  - id: a\n    check: { type: tcp, url: \"tcp://h:1\" }\n    dependsOn: [b]\n  - id: b\n    check: { type: tcp, url: \"tcp://h:1\" }\n    dependsOn: [a]\n", /:\d+:\d+: services\[\d\]\.dependsOn.*cycle/i],
    ["a list at the root", "- a\n- b\n", /:1: \(root\): expected a mapping/],
  ])("reports %s with its line", async (_name, text, line) => {
    const r = await run([file("case.yaml", text)]);
    expect(r.code).toBe(1);
    expect(r.out.join("\n")).toMatch(line);
  });

  it("uses the environment for ${VAR}", async () => {
    const p = file("env.yaml", INVALID.split("  - id: api")[0] + "  - id: pg\n    check: { type: tcp, url: \"tcp://app:${PG_PASSWORD}@127.0.0.1:5432\" }\n");
    expect((await run([p], { PG_PASSWORD: "x" })).code).toBe(0);
  });

  it.each([
    ["no file", [], 2],
    ["two files", ["a", "b"], 2],
    ["a missing file", [join(dir, "nope.yaml")], 1],
    ["--help", ["--help"], 0],
  ])("exits for %s", async (_name, argv, code) => {
    expect((await run(argv)).code).toBe(code);
  });

  it("runs through the depwatch command", () => {
    const p = file("cli.yaml", INVALID);
    const bad = spawnSync(process.execPath, ["bin/depwatch.mjs", "check-config", p], { encoding: "utf8", env: { ...process.env, PG_PASSWORD: "x" } });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`${p}:6:14: services[0].timeout`);
    const ok = spawnSync(process.execPath, ["bin/depwatch.mjs", "check-config", file("cli-ok.yaml", VALID)], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid, 3 services, 2 waves/);
  });
});
