import { parseArgs } from "node:util";
import { probeReady, safeUrl, type ProbeAnswer, type WaitingOn } from "@/lib/cli/ready-probe";
import { formatDuration, parseDuration } from "@/lib/units";

/** Exit code on timeout, as wait4x and coreutils `timeout` use it. */
export const EXIT_TIMEOUT = 124;

/** Usage text of `depwatch wait`. */
export const usage = `Usage: depwatch wait <service-id> --url <dashboard-url> [options]

Waits until every required dependency of <service-id> (transitively) is up or degraded,
by polling the dashboard's GET /api/ready/<service-id>.

Options:
  --url <url>              the dashboard, e.g. http://depwatch:3000 (or DEPWATCH_URL)
  --timeout <duration>     give up after this long (default 60s; 0 waits forever)
  --interval <duration>    time between two polls (default 1s)
  --request-timeout <dur>  bound on one request (default 5s)
  --token <token>          API token (or DEPWATCH_TOKEN)
  -h, --help               show this help

Durations: 500ms, 10s, 2m, 1m30s, or a plain number of seconds.
Exit codes: 0 ready, 124 timed out, 1 any other error (unknown service, bad token, bad arguments).`;

/** Where the command writes and what it reads from outside; tests pass their own. */
export interface WaitIo {
  stderr: (line: string) => void;
  env: Record<string, string | undefined>;
  sleep?: (ms: number) => Promise<void>;
}

const defaultIo: WaitIo = { stderr: (line) => process.stderr.write(`${line}\n`), env: process.env };

class UsageError extends Error {}

function duration(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = /^\d+(\.\d+)?$/.test(text.trim()) ? Math.round(Number(text) * 1000) : parseDuration(text);
  if (ms === undefined) throw new UsageError(`--${name}: expected a duration like "10s", got ${JSON.stringify(text)}`);
  return ms;
}

function describe(list: WaitingOn[]): string {
  return list.map((d) => `${d.id} (${d.status})`).join(", ");
}

/** `depwatch wait`: polls the readiness gate until ready (0), the timeout (124) or an error (1). */
export async function run(args: string[], io: WaitIo = defaultIo): Promise<number> {
  let opts: { id: string; base: URL; timeoutMs: number; intervalMs: number; requestMs: number; token?: string };
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        timeout: { type: "string" },
        interval: { type: "string" },
        "request-timeout": { type: "string" },
        token: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stderr(usage);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "missing <service-id>" : `expected one service id, got ${positionals.length}`);
    const url = values.url ?? io.env.DEPWATCH_URL;
    if (!url) throw new UsageError("missing --url (or DEPWATCH_URL)");
    let base: URL;
    try {
      base = new URL(url);
    } catch {
      throw new UsageError(`--url: not a URL: ${JSON.stringify(url)}`);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") throw new UsageError("--url: expected an http:// or https:// URL");
    if (base.username || base.password) throw new UsageError("--url: put credentials in --token or DEPWATCH_TOKEN, not in the URL");
    opts = {
      id: positionals[0]!,
      base,
      timeoutMs: duration("timeout", values.timeout, 60_000),
      intervalMs: Math.max(50, duration("interval", values.interval, 1_000)),
      requestMs: Math.max(100, duration("request-timeout", values["request-timeout"], 5_000)),
      token: values.token ?? (io.env.DEPWATCH_TOKEN || undefined),
    };
  } catch (err) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (err instanceof UsageError || (err as { code?: unknown }).code?.toString().startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`depwatch wait: ${(err as Error).message}\n\n${usage}`);
      return 1;
    }
    throw err;
  }
  return poll(opts, io);
}

async function poll(o: { id: string; base: URL; timeoutMs: number; intervalMs: number; requestMs: number; token?: string }, io: WaitIo): Promise<number> {
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  const deadline = o.timeoutMs > 0 ? started + o.timeoutMs : Infinity;
  const where = safeUrl(o.base);
  let said = "";
  let last: ProbeAnswer | undefined;
  for (;;) {
    const left = deadline - Date.now();
    last = await probeReady(o.base, o.id, { token: o.token, timeoutMs: Math.max(100, Math.min(o.requestMs, left)) });
    let line: string;
    switch (last.kind) {
      case "ready":
        io.stderr(`depwatch: ${o.id} is ready${last.dependencies.length > 0 ? `: ${describe(last.dependencies)}` : " (no required dependencies)"} after ${formatDuration(Date.now() - started)}`);
        return 0;
      case "fatal":
        io.stderr(`depwatch: ${last.message}`);
        return 1;
      case "waiting":
        line = `depwatch: ${o.id} is waiting for ${describe(last.waitingFor) || "its dependencies"}`;
        break;
      case "unreachable":
        line = `depwatch: dashboard at ${where} is not reachable yet (${last.reason}); waiting`;
        break;
    }
    // Print only what changed, so a long wait reads as a short story, not a log flood.
    if (line !== said) io.stderr((said = line));
    const wait = Math.min(o.intervalMs, deadline - Date.now());
    if (wait <= 0) break;
    // No check after the sleep: one last probe at the deadline may still find it ready.
    await sleep(wait);
  }
  const still = last.kind === "waiting" ? `; still waiting for ${describe(last.waitingFor)}` : last.kind === "unreachable" ? `; dashboard not reachable (${last.reason})` : "";
  io.stderr(`depwatch: timed out after ${formatDuration(o.timeoutMs)} waiting for ${o.id}${still}`);
  return EXIT_TIMEOUT;
}
