import { mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, type Config, type ConfigIssue } from "@/lib/config/load";
import type { FileWatch } from "@/lib/config/watch";
import { startConfigReload, type Reloadable } from "@/lib/runtime/reload";
import { waitFor } from "@/test/fixtures/server";

const svc = (id: string, port: number) => `  - id: ${id}\n    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }\n`;
const yaml = (...services: string[]) => `services:\n${services.join("")}`;

/** The engine's reload surface with a log of what happened (the real Engine is exercised in test/integration/shutdown.test.ts). */
class FakeEngine implements Reloadable {
  configIssues: ConfigIssue[] = [];
  events: string[] = [];
  constructor(public config: Config) {}
  applyConfig(config: Config): void {
    this.config = config;
    this.configIssues = [];
    this.events.push(`applied ${config.services.map((s) => s.id).join(",")}`);
  }
  rejectConfig(issues: ConfigIssue[]): void {
    this.configIssues = issues;
    this.events.push(`rejected ${issues.map((i) => `${i.path}@${i.line ?? "-"}`).join(",")}`);
  }
}

let watch: FileWatch | undefined;
let dir = "";
afterEach(() => {
  watch?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function setup(text: string, fsWatch = true) {
  dir = mkdtempSync(join(tmpdir(), "depwatch-reload-"));
  const path = join(dir, "depwatch.yaml");
  writeFileSync(path, text);
  const parsed = parseConfig(text, {});
  if ("issues" in parsed) throw new Error("bad fixture");
  const engine = new FakeEngine(parsed.config);
  watch = startConfigReload(engine, path, { debounceMs: 50, pollMs: 150, fsWatch, env: {} });
  return { path, engine };
}

const until = (engine: FakeEngine, n: number) => waitFor(() => (engine.events.length >= n ? true : undefined), 10_000, `${n} reload events, got ${JSON.stringify(engine.events)}`);

describe.each([
  ["fs.watch", true],
  ["stat polling only", false],
])("config reload via %s", (_name, fsWatch) => {
  it("applies an in-place edit, rejects a broken one with its line, and applies the fix", async () => {
    const { path, engine } = setup(yaml(svc("a", 1)), fsWatch);
    writeFileSync(path, yaml(svc("a", 1), svc("b", 2)));
    await until(engine, 1);
    expect(engine.events).toEqual(["applied a,b"]);

    writeFileSync(path, yaml(svc("a", 1), svc("b", 2)).replace("tcp://127.0.0.1:2", "not a url"));
    await until(engine, 2);
    expect(engine.events[1]).toMatch(/^rejected services\[1\]\.check\.url@5$/);
    expect(engine.config.services.map((s) => s.id)).toEqual(["a", "b"]);

    // Back to the running config: nothing to swap, but the pending error must clear.
    writeFileSync(path, yaml(svc("a", 1), svc("b", 2)));
    await until(engine, 3);
    expect(engine.events[2]).toBe("applied a,b");
    expect(engine.configIssues).toEqual([]);
  });

  it("follows a file replaced by rename, as editors save", async () => {
    const { path, engine } = setup(yaml(svc("a", 1)), fsWatch);
    const tmp = join(dir, ".depwatch.yaml.swp");
    writeFileSync(tmp, yaml(svc("c", 3)));
    renameSync(tmp, path);
    await until(engine, 1);
    expect(engine.events).toEqual(["applied c"]);
    // The watch survives the swap: a second edit is seen too.
    writeFileSync(path, yaml(svc("c", 3), svc("d", 4)));
    await until(engine, 2);
    expect(engine.events[1]).toBe("applied c,d");
  });
});

describe("config reload edge cases", () => {
  it("ignores a touch that changes nothing", async () => {
    const { path, engine } = setup(yaml(svc("a", 1)));
    const later = new Date(Date.now() + 5_000);
    utimesSync(path, later, later);
    writeFileSync(join(dir, "unrelated.txt"), "x");
    await new Promise((r) => setTimeout(r, 600));
    expect(engine.events).toEqual([]);
  });

  it("reports a deleted file and recovers when it comes back", async () => {
    const { path, engine } = setup(yaml(svc("a", 1)));
    unlinkSync(path);
    await until(engine, 1);
    expect(engine.events[0]).toBe("rejected @-");
    expect(engine.configIssues[0]?.message).toMatch(/cannot read the config file \(ENOENT\)/);
    writeFileSync(path, yaml(svc("a", 1)));
    await until(engine, 2);
    expect(engine.configIssues).toEqual([]);
  });
});
