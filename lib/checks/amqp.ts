import { z } from "zod";
import { FrameReader, M, PROTOCOL_HEADER, closeReason, ints, longStr, methodFrame, methodName, shortStr, table, type MethodFrame } from "@/lib/checks/amqp-wire";
import { classifyError } from "@/lib/checks/classify";
import { FramedSocket } from "@/lib/checks/framed-socket";
import type { CheckType } from "@/lib/checks/types";
import { hideSecrets, mustParse, serviceUrlSchema, urlTarget } from "@/lib/checks/util";
import type { Outcome, ProbeResult } from "@/lib/model";

const PORTS = { amqp: 5672 };

const schema = z.strictObject({
  type: z.literal("amqp"),
  url: serviceUrlSchema(PORTS, "amqp://user:pass@host:5672/vhost"),
  /** A queue that must exist (a passive queue.declare, as amqplib's checkQueue does). */
  queue: z.string().min(1).max(255).optional(),
});

type AmqpConfig = z.infer<typeof schema>;

/** The outcome of an AMQP close reply code: 403 ACCESS_REFUSED is `auth`, 404 NOT_FOUND (a missing queue) `assertion`. */
export function amqpCloseOutcome(code: number): Outcome {
  if (code === 403) return "auth";
  if (code === 404) return "assertion";
  return "error";
}

class Closed extends Error {
  constructor(readonly result: ProbeResult) {
    super(result.message);
  }
}

/** Waits for method `want` on `channel`; a connection or channel close becomes a Closed failure. */
async function expect(conn: FramedSocket<MethodFrame>, channel: number, want: string, during: string): Promise<MethodFrame> {
  for (;;) {
    const f = await conn.next();
    const name = methodName(f);
    if (name === M.close || name === M.channelClose) {
      const { code, text } = closeReason(f.args);
      conn.send(methodFrame(f.channel, name === M.close ? M.closeOk : "20.41", Buffer.alloc(0)));
      throw new Closed({ outcome: amqpCloseOutcome(code), phase: "response", message: `${during}: ${code} ${text}` });
    }
    if (f.channel === channel && name === want) return f;
  }
}

/**
 * AMQP 0-9-1: the full handshake (PLAIN login, tune, open the vhost), open a channel and optionally
 * check a queue. Speaks the wire protocol itself because the client library reports handshake
 * failures only as text, without the reply code.
 */
export const amqpCheck: CheckType<AmqpConfig> = {
  type: "amqp",
  schema,
  target: urlTarget(PORTS),
  async probe(config, { signal }) {
    const u = mustParse(config.url, PORTS);
    // An empty path means the default vhost "/", as RabbitMQ's URI spec and clients do.
    const vhost = u.path === "" ? "/" : u.path;
    const reader = new FrameReader();
    const conn = new FramedSocket(u.host, u.port, signal, (chunk) => reader.push(chunk));
    try {
      conn.send(PROTOCOL_HEADER);
      await expect(conn, 0, M.start, "connection.start");
      const login = Buffer.from(`\0${u.username ?? "guest"}\0${u.password ?? "guest"}`, "utf8");
      // authentication_failure_close asks the broker for a 403 close instead of a silent disconnect.
      const props = table({ product: "depwatch", capabilities: { authentication_failure_close: true } });
      conn.send(methodFrame(0, M.startOk, Buffer.concat([props, shortStr("PLAIN"), longStr(login), shortStr("en_US")])));
      const tune = await expect(conn, 0, M.tune, "login");
      const channelMax = tune.args.readUInt16BE(0);
      const frameMax = tune.args.readUInt32BE(2);
      conn.send(methodFrame(0, M.tuneOk, ints([channelMax, 2], [frameMax, 4], [0, 2])));
      conn.send(methodFrame(0, M.open, Buffer.concat([shortStr(vhost), shortStr(""), Buffer.from([0])])));
      await expect(conn, 0, M.openOk, `open vhost ${vhost}`);
      conn.send(methodFrame(1, M.channelOpen, shortStr("")));
      await expect(conn, 1, M.channelOpenOk, "channel.open");
      let detail = "";
      if (config.queue !== undefined) {
        const passive = 1;
        conn.send(methodFrame(1, M.queueDeclare, Buffer.concat([ints([0, 2]), shortStr(config.queue), Buffer.from([passive]), table({})])));
        const ok = await expect(conn, 1, M.queueDeclareOk, `queue ${config.queue}`);
        const at = 1 + ok.args.readUInt8(0);
        detail = `; queue ${config.queue}: ${ok.args.readUInt32BE(at)} message(s), ${ok.args.readUInt32BE(at + 4)} consumer(s)`;
      }
      // A clean connection.close keeps "client unexpectedly closed TCP connection" out of the broker log.
      conn.send(methodFrame(0, M.close, Buffer.concat([ints([200, 2]), shortStr("depwatch check done"), ints([0, 2], [0, 2])])));
      await expect(conn, 0, M.closeOk, "connection.close").catch(() => undefined);
      return { outcome: "ok", message: `connection and channel open on vhost ${vhost}${detail}` };
    } catch (err) {
      const r = err instanceof Closed && !signal.aborted ? err.result : classifyError(err, signal, conn.phase);
      if (r.message !== undefined) r.message = hideSecrets(r.message, [u.password]);
      return r;
    } finally {
      conn.close();
    }
  },
};
