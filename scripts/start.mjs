#!/usr/bin/env node
// Serves depwatch: builds once when there is no build (or sources are newer), then runs the
// Next.js production server in this same process (one Node process in production, nothing left
// idle beside it), with our own signal handling: the engine drains on SIGTERM and exits 0.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = join(root, process.env.DEPWATCH_DIST_DIR ?? ".next", "BUILD_ID");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ["app", "components", "lib", "public"].filter((d) => existsSync(join(root, d)));
const stale = !existsSync(buildId) || sources.some((d) => newestSource(join(root, d)) > statSync(buildId).mtimeMs);
if (stale && process.env.DEPWATCH_SKIP_BUILD !== "1") {
  console.error("depwatch: building the dashboard (once)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Next's own signal handlers stay off: the engine's (lib/runtime/signals.ts) drain and exit.
process.env.NEXT_MANUAL_SIG_HANDLE = "true";
process.env.NODE_ENV ??= "production";
process.chdir(root);
const { nextStart } = createRequire(import.meta.url)(join(root, "node_modules", "next", "dist", "cli", "next-start.js"));
await nextStart({ port: Number(process.env.PORT ?? 3000), hostname: process.env.HOSTNAME || undefined }, root);
