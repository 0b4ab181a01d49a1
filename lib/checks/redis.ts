import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import { FramedSocket, lineSplitter } from "@/lib/checks/framed-socket";
import type { CheckType } from "@/lib/checks/types";
import { hideSecrets, mustParse, parseServiceUrl, replyCode, serviceUrlSchema, urlTarget } from "@/lib/checks/util";
import type { Outcome, ProbeResult } from "@/lib/model";

const PORTS = { redis: 6379 };

const schema = z.strictObject({
  type: z.literal("redis"),
  url: serviceUrlSchema(PORTS, "redis://[user:pass@]host:6379[/db]").refine((s) => /^\d*$/.test(parseServiceUrl(s, PORTS)?.path ?? ""), "the path must be a database number"),
  /** A key that must exist (checked with EXISTS). */
  key: z.string().min(1).optional(),
});

type RedisConfig = z.infer<typeof schema>;

/** Reply codes that mean the credentials (or their permissions) were refused. */
const AUTH_CODES = new Set(["WRONGPASS", "NOAUTH", "NOPERM"]);

/** The outcome of an error reply, from its leading code word; a failed AUTH is an auth failure whatever the word (Redis < 6 says `ERR invalid password`). */
export function redisReplyOutcome(reply: string, command: string): Outcome {
  const code = replyCode(reply.slice(1));
  if (code === "LOADING" || code === "BUSY" || code === "MASTERDOWN") return "error";
  if (command === "AUTH" || (code !== undefined && AUTH_CODES.has(code))) return "auth";
  return "error";
}

/** Encodes a command as a RESP array of bulk strings, so keys and passwords are sent byte-exact. */
export function respCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

class ReplyFailure extends Error {
  constructor(readonly result: ProbeResult) {
    super(result.message);
  }
}

/** Sends one command and returns its reply line; an error reply becomes a ReplyFailure. */
async function call(conn: FramedSocket<string>, args: string[], label: string): Promise<string> {
  conn.send(respCommand(args));
  const reply = await conn.next();
  if (reply.startsWith("-")) {
    const name = args[0] ?? "";
    throw new ReplyFailure({ outcome: redisReplyOutcome(reply, name), phase: "response", message: `${label}: ${reply.slice(1)}` });
  }
  return reply;
}

/** Redis: AUTH when the URL has credentials, SELECT the database, PING, and optionally EXISTS a key. */
export const redisCheck: CheckType<RedisConfig> = {
  type: "redis",
  schema,
  target: urlTarget(PORTS),
  async probe(config, { signal }) {
    const u = mustParse(config.url, PORTS);
    const conn = new FramedSocket(u.host, u.port, signal, lineSplitter());
    try {
      if (u.password !== undefined) {
        await call(conn, u.username ? ["AUTH", u.username, u.password] : ["AUTH", u.password], u.username ? `AUTH as ${u.username}` : "AUTH");
      }
      if (u.path !== "" && u.path !== "0") await call(conn, ["SELECT", u.path], `SELECT ${u.path}`);
      const pong = await call(conn, ["PING"], "PING");
      if (pong !== "+PONG") return { outcome: "error", phase: "response", message: `unexpected PING reply ${JSON.stringify(pong.slice(0, 80))}` };
      if (config.key !== undefined) {
        const exists = await call(conn, ["EXISTS", config.key], "EXISTS");
        if (exists !== ":1") return { outcome: "assertion", phase: "response", message: `key ${JSON.stringify(config.key)} does not exist` };
        return { outcome: "ok", message: `PONG; key ${JSON.stringify(config.key)} exists` };
      }
      return { outcome: "ok", message: "PONG" };
    } catch (err) {
      const r = err instanceof ReplyFailure && !signal.aborted ? err.result : classifyError(err, signal, conn.phase);
      if (r.message !== undefined) r.message = hideSecrets(r.message, [u.password]);
      return r;
    } finally {
      conn.close();
    }
  },
};
