import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import type { FileWatch } from "@/lib/config/watch";
import { createLogger } from "@/lib/log";
import { statusView } from "@/lib/api/status-view";
import { Engine } from "@/lib/runtime/engine";
import { startConfigReload } from "@/lib/runtime/reload";
import { MemoryStore } from "@/lib/store/memory";
import { waitFor } from "@/test/fixtures/server";

const good = `services:\n  - id: a\n    check: { type: tcp, url: "tcp://127.0.0.1:1" }\n    interval: 1h\n`;
const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;

let watch: FileWatch | undefined;
let engine: Engine | undefined;
let dir = "";
afterEach(async () => {
  watch?.close();
  await engine?.shutdown(100);
  rmSync(dir, { recursive: true, force: true });
});

// A real engine (memory store) behind a real file watch: the rejection must reach the status
// view (banner and API), the metric and the log, and the running services must stay.
describe("hot reload of configs that used to throw", () => {
  it.each([
    ["an invalid URL", good.replace("tcp://127.0.0.1:1", "x").replace("type: tcp", "type: redis"), /services\[0\]\.check\.url \(line 3\)/],
    ["an empty file", "", /the file is empty/],
    ["an alias bomb", bomb, /aliases expand/],
    ["a timer overflow", good.replace("1h", "25d"), /services\[0\]\.interval \(line 4\): must be at most 24d/],
  ])("%s is reported and the last good config keeps running", async (_name, text, expected) => {
    dir = mkdtempSync(join(tmpdir(), "depwatch-hostile-"));
    const path = join(dir, "depwatch.yaml");
    writeFileSync(path, good);
    const parsed = parseConfig(good, {});
    if (!("config" in parsed)) throw new Error("bad fixture");
    const lines: string[] = [];
    engine = new Engine({ config: parsed.config, store: new MemoryStore(), log: createLogger({ write: (l) => lines.push(l) }), source: path });
    await engine.start();
    const running = engine;
    watch = startConfigReload(running, path, { debounceMs: 30, pollMs: 100, env: {} });
    writeFileSync(path, text);
    const error = await waitFor(() => statusView(running).configError, 10_000, "configError");
    expect(error).toMatch(expected);
    expect(running.config.services.map((s) => s.id)).toEqual(["a"]);
    expect(running.metrics.render(statusView(running).services, running.configIssues.length === 0)).toMatch(/^depwatch_config_last_reload_successful 0$/m);
    expect(lines.some((l) => l.includes('"config_rejected"'))).toBe(true);
  });
});
