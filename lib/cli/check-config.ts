import { readFile } from "node:fs/promises";
import { parseConfig, type ConfigIssue, type Env } from "@/lib/config/load";
import { waves } from "@/lib/graph";

/** Where the command writes; the process streams unless a test passes its own. */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Env;
}

const USAGE = "usage: depwatch check-config <file>\n  Validates a depwatch config (YAML or JSON) and prints every error with its line.\n  Exit status: 0 valid, 1 invalid, 2 usage error.";

/** `file:line:column: path: message`, the form editors and CI annotations understand. */
export function formatCliIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : issue.column === undefined ? `${file}:${issue.line}` : `${file}:${issue.line}:${issue.column}`;
  return `${where}: ${issue.path || "(root)"}: ${issue.message}`;
}

/**
 * `depwatch check-config <file>`: exit 0 with a one-line summary when the config is valid, 1 with
 * every error (and its line) when it is not, 2 on a usage error.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  if (args.includes("-h") || args.includes("--help")) {
    io.out(USAGE);
    return 0;
  }
  const file = args[0];
  if (args.length !== 1 || file === undefined || file.startsWith("-")) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    io.out(`${file}: cannot read the file (${(err as { code?: string }).code ?? "error"})`);
    return 1;
  }
  const result = parseConfig(text, io.env);
  if ("issues" in result) {
    for (const issue of result.issues) io.out(formatCliIssue(file, issue));
    io.out(`${file}: ${result.issues.length} error${result.issues.length === 1 ? "" : "s"}`);
    return 1;
  }
  const n = result.config.services.length;
  const m = waves(result.config.services).length;
  io.out(`${file}: valid, ${n} service${n === 1 ? "" : "s"}, ${m} wave${m === 1 ? "" : "s"}`);
  return 0;
}

/** The process's own streams and environment. */
export function processIO(): CliIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  };
}

/** The dispatcher's entry point (bin/depwatch.mjs calls `run`). */
export const run = (args: string[]): Promise<number> => main(args);

/** One line for the dispatcher's help. */
export const usage = USAGE;
