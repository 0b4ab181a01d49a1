#!/usr/bin/env node
// depwatch's command line: a dispatcher over subcommands. Adding one is one line below: its
// module (TypeScript or JavaScript, relative to this file) exports `run(args)` or `main(args)`,
// resolving to the exit code. TypeScript modules are loaded through tsx with the package's
// tsconfig, so they can use the `@/` imports of the app.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const COMMANDS = {
  wait: { module: "../lib/cli/wait.ts", summary: "wait until a service's required dependencies are ready (exit 0, or 124 on timeout)" },
  "check-config": { module: "../lib/cli/check-config.ts", summary: "validate a config file and print every error with its line" },
  import: { module: "../lib/cli/import-compose.ts", summary: "`import compose <file>`: print a depwatch config for a Compose project" },
};

const usage = `Usage: depwatch <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)}${c.summary}`).join("\n")}

Run \`depwatch <command> --help\` for a command's options.`;

let tsxRegistered = false;

async function load(spec) {
  const url = new URL(spec, import.meta.url);
  if (url.pathname.endsWith(".ts") && !tsxRegistered) {
    const { register } = await import("tsx/esm/api");
    register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
    tsxRegistered = true;
  }
  return import(url.href);
}

async function main(argv) {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stderr.write(`${usage}\n`);
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-v") {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`depwatch: unknown command "${name}"\n\n${usage}\n`);
    return 1;
  }
  const mod = await load(command.module);
  const entry = mod.run ?? mod.main;
  if (typeof entry !== "function") throw new Error(`${command.module} exports no run() or main()`);
  return entry(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    // Exit once output is flushed, so idle keep-alive sockets to the dashboard do not hold it open.
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  },
  (err) => {
    process.stderr.write(`depwatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
