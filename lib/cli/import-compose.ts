import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { formatCliIssue, processIO, type CliIO } from "@/lib/cli/check-config";
import { readComposeFile } from "@/lib/discovery/compose-file";
import { composeToConfig } from "@/lib/discovery/compose-import";

const USAGE = `usage: depwatch import compose <docker-compose.yml> [--project-name NAME] [--profile NAME]... [--ports]
  Prints a depwatch config for a Compose project: a docker check per service, depends_on as
  dependsOn, volumes as mount expectations. What cannot be carried over is written as a comment.
  --project-name NAME  the Compose project name (default: the file's name:, COMPOSE_PROJECT_NAME, or its folder)
  --profile NAME       also import the services of this profile (repeatable)
  --ports              add a tcp check for every published TCP port
  Exit status: 0 printed, 1 the Compose file is invalid (every error is listed with its line), 2 usage error.`;

/** `depwatch import compose <file>`: the config on stdout, or every error with its line and exit 1. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  const [kind, file, ...extra] = parsed.positionals;
  if (kind !== "compose" || file === undefined || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    io.err(`${file}: cannot read the file (${(err as { code?: string }).code ?? "error"})`);
    return 1;
  }
  const read = readComposeFile(text, { file, projectName: parsed.values["project-name"], env: io.env });
  if ("issues" in read) {
    for (const issue of read.issues) io.err(formatCliIssue(file, issue));
    io.err(`${file}: ${read.issues.length} error${read.issues.length === 1 ? "" : "s"}`);
    return 1;
  }
  io.out(composeToConfig(read.project, { source: file, ports: parsed.values.ports, profiles: parsed.values.profile }).trimEnd());
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "project-name": { type: "string" },
      profile: { type: "string", multiple: true },
      ports: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/** The dispatcher's entry point (bin/depwatch.mjs calls `run`). */
export const run = (args: string[]): Promise<number> => main(args);
