import { Socket } from "node:net";
import pg from "pg";
import { z } from "zod";
import { classifyError, errorCode } from "@/lib/checks/classify";
import { capReads, LIBRARY_TIMEOUT_SLACK_MS } from "@/lib/checks/read-cap";
import type { CheckType } from "@/lib/checks/types";
import { hideSecrets, mustParse, phaseTracker, serviceUrlSchema, urlTarget } from "@/lib/checks/util";
import type { Outcome, Phase, ProbeResult } from "@/lib/model";

const PORTS = { postgres: 5432, postgresql: 5432 };

const schema = z.strictObject({
  type: z.literal("postgres"),
  url: serviceUrlSchema(PORTS, "postgres://user:pass@host:5432/db"),
  query: z.string().min(1).default("select 1"),
});

type PostgresConfig = z.infer<typeof schema>;

/** The outcome a SQLSTATE stands for: class 28 (invalid authorization) is `auth`, the rest `error`. */
export function sqlStateOutcome(code: string | undefined): Outcome | undefined {
  if (code === undefined || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return code.startsWith("28") ? "auth" : "error";
}

/** Turns a driver error into a probe result, SQLSTATE first, then the socket error codes. */
function resultOf(err: unknown, signal: AbortSignal, phase: Phase, password: string | undefined): ProbeResult {
  const state = signal.aborted ? undefined : sqlStateOutcome(errorCode(err));
  const r: ProbeResult = classifyError(err, signal, phase);
  if (state !== undefined) r.outcome = state;
  if (r.message !== undefined) r.message = hideSecrets(r.message, [password]);
  return r;
}

/** PostgreSQL: connect, authenticate and run a query (default `select 1`). */
export const postgresCheck: CheckType<PostgresConfig> = {
  type: "postgres",
  schema,
  target: urlTarget(PORTS),
  async probe(config, { signal, timeoutMs }) {
    const u = mustParse(config.url, PORTS);
    let socket: Socket | undefined;
    let phase: () => Phase = () => "connect";
    const client = new pg.Client({
      connectionString: config.url,
      // Our own socket, tied to the attempt's signal (an abort destroys it in any state) and capped
      // in what it reads: the driver buffers whatever length a message announces.
      stream: () => {
        socket = capReads(new Socket({ signal }));
        phase = phaseTracker(socket);
        return socket;
      },
      // A backstop only: the attempt's signal decides the timeout (README "Limits of one attempt").
      connectionTimeoutMillis: timeoutMs + LIBRARY_TIMEOUT_SLACK_MS,
      query_timeout: timeoutMs + LIBRARY_TIMEOUT_SLACK_MS,
      application_name: "depwatch",
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const res = await client.query(config.query);
      // A clean Terminate keeps "unexpected EOF" lines out of the server log on every check.
      await client.end();
      return { outcome: "ok", message: `${config.query.slice(0, 60)}: ${res.rowCount ?? 0} row(s)` };
    } catch (err) {
      return resultOf(err, signal, phase(), u.password);
    } finally {
      socket?.destroy();
    }
  },
};
