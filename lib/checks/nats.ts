import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import { FramedSocket, lineSplitter } from "@/lib/checks/framed-socket";
import type { CheckType } from "@/lib/checks/types";
import { endpoint, hideSecrets, mustParse, serviceUrlSchema } from "@/lib/checks/util";
import type { Outcome } from "@/lib/model";

const PORTS = { nats: 4222 };

const schema = z.strictObject({
  type: z.literal("nats"),
  url: serviceUrlSchema(PORTS, "nats://[user:pass@]host:4222"),
});

type NatsConfig = z.infer<typeof schema>;

/** NATS `-ERR` identifiers (the protocol's error names, compared lower-case) that mean refused credentials. */
const AUTH_ERRORS = new Set(["authorization violation", "authentication timeout", "user authentication expired", "user authentication revoked", "account authentication expired"]);

/** The error name inside a NATS `-ERR 'name'` line, lower-cased; undefined for other lines. */
export function natsError(line: string): string | undefined {
  const m = /^-ERR\s+'?([^']*)'?\s*$/i.exec(line);
  return m ? (m[1] ?? "").trim().toLowerCase() : undefined;
}

/** The outcome of a NATS `-ERR` name. */
export function natsErrorOutcome(name: string): Outcome {
  return [...AUTH_ERRORS].some((a) => name.startsWith(a)) ? "auth" : "error";
}

/** What the client says in CONNECT: a user and password, or a token when the URL has only a user part. */
export function natsConnectOptions(username: string | undefined, password: string | undefined): Record<string, unknown> {
  const base: Record<string, unknown> = { verbose: false, pedantic: false, name: "depwatch", lang: "node", version: "1", protocol: 1, echo: false };
  if (username !== undefined && password !== undefined) return { ...base, user: username, pass: password };
  if (username !== undefined) return { ...base, auth_token: username };
  return base;
}

/**
 * NATS: read INFO, send CONNECT (with credentials when given) and PING, and wait for PONG.
 * Speaks the text protocol itself: the `nats` client leaves its socket open after a connect timeout.
 */
export const natsCheck: CheckType<NatsConfig> = {
  type: "nats",
  schema,
  target: (c) => {
    const u = mustParse(c.url, PORTS);
    return endpoint(u.host, u.port);
  },
  async probe(config, { signal }) {
    const u = mustParse(config.url, PORTS);
    const conn = new FramedSocket(u.host, u.port, signal, lineSplitter());
    const secrets = [u.password, u.password === undefined ? u.username : undefined];
    try {
      const info = await conn.next();
      if (!info.startsWith("INFO ")) return { outcome: "error", phase: "response", message: `expected INFO from a NATS server, got ${JSON.stringify(info.slice(0, 40))}` };
      const serverInfo = JSON.parse(info.slice(5)) as { tls_required?: boolean; server_name?: string; version?: string };
      if (serverInfo.tls_required) return { outcome: "tls", phase: "tls", message: "the server requires TLS, which this check does not speak" };
      conn.send(`CONNECT ${JSON.stringify(natsConnectOptions(u.username, u.password))}\r\nPING\r\n`);
      for (;;) {
        const line = await conn.next();
        if (line === "PONG") return { outcome: "ok", message: `PONG from NATS ${serverInfo.version ?? ""}`.trim() };
        if (line === "PING") conn.send("PONG\r\n");
        const name = natsError(line);
        if (name !== undefined) return { outcome: natsErrorOutcome(name), phase: "response", message: hideSecrets(`NATS error: ${name}`, secrets) };
        // +OK and INFO updates may come before PONG; they say nothing about health.
      }
    } catch (err) {
      const r = classifyError(err, signal, conn.phase);
      if (r.message !== undefined) r.message = hideSecrets(r.message, secrets);
      return r;
    } finally {
      conn.close();
    }
  },
};
