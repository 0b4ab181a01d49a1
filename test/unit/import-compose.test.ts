import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main as checkConfig } from "@/lib/cli/check-config";
import { main as importCompose } from "@/lib/cli/import-compose";
import { parseConfig, type ServiceConfig } from "@/lib/config/load";
import { COMPOSE_FILES } from "@/test/unit/compose-files";

const root = mkdtempSync(join(tmpdir(), "depwatch-ic-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a compose file in its own project folder (the folder names the project by default). */
function composeFile(project: string, text: string): string {
  const dir = join(root, project);
  mkdirSync(dir, { recursive: true });
  const p = join(dir, "docker-compose.yml");
  writeFileSync(p, text);
  return p;
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await importCompose(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join("\n"), err };
}

/** The parts of a loaded service the import decides. */
function summary(s: ServiceConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { id: s.id, check: s.check };
  if (s.dependsOn.length > 0) out.dependsOn = s.dependsOn.map((d) => (d.optional ? `${d.id}?` : d.id));
  if (s.timing.startPeriod !== 0) out.startPeriod = s.timing.startPeriod;
  return out;
}

describe("depwatch import compose", () => {
  it.each(COMPOSE_FILES)("$name", async ({ name, project, compose, args, env, services, comments }) => {
    const file = composeFile(project, compose);
    const r = await run(["compose", file, ...(args ?? [])], env ?? {});
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const loaded = parseConfig(r.out, {});
    if ("issues" in loaded) throw new Error(`import of ${name} does not load: ${JSON.stringify(loaded.issues)}`);
    expect(loaded.config.services.map(summary)).toEqual(services(join(root, project)));
    for (const c of comments ?? []) expect(r.out).toContain(c);

    // The same text passes check-config as a file.
    const out = join(root, project, "depwatch.yaml");
    writeFileSync(out, r.out);
    const lines: string[] = [];
    expect(await checkConfig([out], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {} })).toBe(0);
    expect(lines.at(-1)).toMatch(/: valid, \d+ services?, \d+ waves?$/);
  });

  it.each([
    { name: "a YAML syntax error", compose: "services:\n  db:\n    image: postgres\n   ports: [5432]\n", errors: [/:4:\d+: \(root\): YAML: /] },
    { name: "a dependency on an undefined service", compose: "services:\n  api:\n    image: app\n    depends_on:\n      - db\n", errors: [/:5:\d+: services\.api\.depends_on\[0\]: depends on undefined service "db"$/] },
    {
      name: "an unknown depends_on condition",
      compose: "services:\n  db:\n    image: postgres\n  api:\n    depends_on:\n      db:\n        condition: service_ready\n",
      errors: [/:7:\d+: services\.api\.depends_on\.db\.condition: expected one of "service_started", "service_healthy", "service_completed_successfully"$/],
    },
    {
      name: "a dependency cycle",
      compose: "services:\n  a:\n    depends_on: [b]\n  b:\n    depends_on:\n      a: { condition: service_healthy }\n",
      errors: [/:3:\d+: services\.a\.depends_on: dependency cycle: a → b → a$/],
    },
    { name: "services written as a list", compose: "version: '3'\nservices:\n  - db\n  - api\n", errors: [/:3:\d+: services: expected a mapping of service names/] },
    {
      name: "a long-syntax volume without a target, and a bad port list",
      compose: "services:\n  db:\n    volumes:\n      - type: volume\n        source: data\n    ports: 5432\n",
      errors: [/:4:\d+: services\.db\.volumes\[0\]\.target: is required$/, /:6:\d+: services\.db\.ports: /],
    },
    { name: "a required variable that is unset", compose: "services:\n  db:\n    container_name: ${DB_NAME:?set DB_NAME}\n", errors: [/:3:\d+: services\.db\.container_name: required variable DB_NAME is missing a value: set DB_NAME$/] },
    { name: "a key written twice", compose: "services:\n  db:\n    image: a\n    image: b\n", errors: [/:4:\d+: \(root\): YAML: Map keys must be unique/] },
  ])("rejects $name with the line of each error", async ({ compose, errors }) => {
    const file = composeFile("invalid", compose);
    const r = await run(["compose", file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err.at(-1)).toBe(`${file}: ${errors.length} error${errors.length === 1 ? "" : "s"}`);
    errors.forEach((e, i) => expect(r.err[i]?.slice(file.length)).toMatch(e));
  });

  it.each([
    { argv: [], code: 2 },
    { argv: ["swarm", "x.yml"], code: 2 },
    { argv: ["compose", "a.yml", "b.yml"], code: 2 },
    { argv: ["compose", "x.yml", "--bogus"], code: 2 },
    { argv: ["compose", join(root, "missing.yml")], code: 1 },
  ])("exits $code for $argv", async ({ argv, code }) => {
    expect((await run(argv)).code).toBe(code);
  });

  it("runs as `depwatch import compose` from the command line", () => {
    const file = composeFile("cli", "services:\n  db:\n    image: postgres\n  api:\n    image: app\n    depends_on: [db]\n");
    const ok = spawnSync(process.execPath, ["bin/depwatch.mjs", "import", "compose", file, "--project-name", "Shop_1"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("container: shop_1-api-1");
    const bad = spawnSync(process.execPath, ["bin/depwatch.mjs", "import", "compose", composeFile("cli-bad", "services:\n  api:\n    depends_on: [db]\n")], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/docker-compose\.yml:3:\d+: services\.api\.depends_on\[0\]: depends on undefined service "db"/);
  });
});
