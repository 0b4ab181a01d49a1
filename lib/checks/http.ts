import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { type buildConnector, Client } from "undici";
import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import { ACCEPT_ENCODING, discard, readBody, type BodyText } from "@/lib/checks/http-body";
import { exchange } from "@/lib/checks/http-exchange";
import { readJsonPath } from "@/lib/checks/json-path";
import { capReads, MAX_ATTEMPT_BYTES } from "@/lib/checks/read-cap";
import type { CheckType } from "@/lib/checks/types";
import { codedError, onAbort, parseServiceUrl, phaseTracker } from "@/lib/checks/util";
import { bytes } from "@/lib/units";
import type { Phase, ProbeResult } from "@/lib/model";

// One reason for closing every client an attempt leaves behind. Without it, undici's destroy()
// builds a new error per client whose stack Node reads when the socket closes, and the Next.js
// server formats that stack with source maps: a few % of one core at 100 checks/s
// (README.md, "Performance"). Its stack is read once here, so later reads cost nothing.
const ATTEMPT_DONE = new Error("the attempt is over");
void ATTEMPT_DONE.stack;

/** A header value, plain or marked secret (a secret is redacted everywhere it could show). */
const headerValue = z.union([z.string(), z.strictObject({ value: z.string(), secret: z.boolean().default(true) })]);

const schema = z.strictObject({
  type: z.literal("http"),
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/, { message: "expected an http:// or https:// URL", abort: true })
    .refine((s) => parseServiceUrl(s, { http: 80, https: 443 }) !== undefined, "expected a valid URL with a port between 1 and 65535"),
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
  headers: z.record(z.string(), headerValue).default({}),
  body: z.string().optional(),
  expect: z
    .strictObject({
      status: z.array(z.number().int().min(100).max(599)).min(1).optional(),
      bodyContains: z.string().optional(),
      json: z.strictObject({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).optional(),
    })
    .default({}),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  tlsVerify: z.boolean().default(true),
  // At most 1 MiB, like every other reader of an attempt (README "Limits of one attempt").
  maxBodyBytes: bytes.refine((n) => n >= 1 && n <= MAX_ATTEMPT_BYTES, "must be between 1 byte and 1MiB").default(65_536),
});

type HttpConfig = z.infer<typeof schema>;

function headersOf(config: HttpConfig, readsBody: boolean): Record<string, string> {
  const out: Record<string, string> = { "user-agent": "depwatch" };
  // Only a check that reads the body asks for compression: it decodes what it asked for.
  if (readsBody) out["accept-encoding"] = ACCEPT_ENCODING;
  for (const [k, v] of Object.entries(config.headers)) out[k.toLowerCase()] = typeof v === "string" ? v : v.value;
  return out;
}

/** Opens the connection of one origin: TCP, then TLS for https, capped in what it reads. */
function openSocket(opts: buildConnector.Options, config: HttpConfig): Socket {
  const secure = opts.protocol === "https:";
  const host = opts.hostname.replace(/^\[|\]$/g, "");
  const port = Number(opts.port) || (secure ? 443 : 80);
  const servername = opts.servername ?? (isIP(host) ? undefined : host);
  const socket = secure ? tlsConnect({ host, port, servername, rejectUnauthorized: config.tlsVerify, ALPNProtocols: ["http/1.1"] }) : netConnect({ host, port });
  socket.setNoDelay(true);
  socket.on("error", () => undefined);
  // Headers are capped by the client (16 KiB) and the body by maxBodyBytes; this bounds the rest.
  return capReads(socket, MAX_ATTEMPT_BYTES + config.maxBodyBytes);
}

function statusOk(config: HttpConfig, status: number): boolean {
  return config.expect.status ? config.expect.status.includes(status) : status >= 200 && status < 300;
}

/** What a failed body assertion adds about how the body was read: cut, decoded, or not decodable. */
function bodyNote(config: HttpConfig, body: BodyText): string {
  const notes: string[] = [];
  if (body.unsupported !== undefined) notes.push(`the body is ${body.unsupported}-encoded, which the check does not decode`);
  if (body.decoded !== undefined) notes.push(`decoded from ${body.decoded}`);
  if (body.truncated) notes.push(`first ${config.maxBodyBytes} bytes read`);
  return notes.length > 0 ? ` (${notes.join("; ")})` : "";
}

/** Evaluates the body assertions; the message shows the actual value, Gatus-style. */
function assertBody(config: HttpConfig, body: BodyText): string | undefined {
  const { bodyContains, json } = config.expect;
  const { text } = body;
  if (bodyContains !== undefined && !text.includes(bodyContains)) {
    return `body does not contain ${JSON.stringify(bodyContains)}${bodyNote(config, body)}`;
  }
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `body is not JSON${bodyNote(config, body)}`;
    }
    const actual = readJsonPath(parsed, json.path);
    if (actual !== json.equals) return `[BODY].${json.path.replace(/^\$\.?/, "")} (${JSON.stringify(actual) ?? "missing"}) == ${JSON.stringify(json.equals)}`;
  }
  return undefined;
}

/** HTTP(S) request with expected statuses, body assertions and a redirect limit. */
export const httpCheck: CheckType<HttpConfig> = {
  type: "http",
  schema,
  target: (c) => {
    const u = new URL(c.url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  },
  async probe(config, { signal }) {
    const readsBody = config.expect.bodyContains !== undefined || config.expect.json !== undefined;
    let phase: () => Phase = () => "connect";
    const sockets: Socket[] = [];
    // Fresh clients per attempt: every attempt proves connect and TLS, and destroy() frees their
    // sockets. One Client per origin (a redirect may change it) costs about 40 % less CPU than
    // an Agent per attempt, which matters at a thousand services (npm run bench).
    const clients = new Map<string, Client>();
    const clientFor = (origin: string): Client => {
      let client = clients.get(origin);
      if (!client) {
        client = new Client(origin, {
          connect: (opts, cb) => {
            const socket = openSocket(opts, config);
            sockets.push(socket);
            phase = phaseTracker(socket, opts.protocol === "https:");
            let settled = false;
            const settle = (err: Error | null) => {
              if (settled) return;
              settled = true;
              if (err) cb(err, null);
              else cb(null, socket);
            };
            socket.once("error", settle);
            // Destroyed by the abort before it connected: no error event comes, only close. (Every
            // socket closes in the end: the error is only built when it is the answer.)
            socket.once("close", () => settled || settle(codedError("the connection closed while connecting", "ECONNRESET")));
            socket.once(opts.protocol === "https:" ? "secureConnect" : "connect", () => settle(null));
          },
        });
        clients.set(origin, client);
      }
      return client;
    };
    // Nothing in undici watches the signal: destroying the clients ends a request still waiting
    // for its connection, and destroying the sockets ends every stage at once (a silent TLS peer).
    const dispose = onAbort(signal, () => {
      for (const client of clients.values()) client.destroy(ATTEMPT_DONE).catch(() => undefined);
      sockets.forEach((s) => s.destroy());
    });
    try {
      let url = new URL(config.url);
      for (let hop = 0; ; hop++) {
        signal.throwIfAborted();
        const res = await exchange(clientFor(url.origin), { url, method: config.method, headers: headersOf(config, readsBody), body: config.body, keepBody: readsBody });
        const location = res.headers.location;
        if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === "string" && !statusOk(config, res.statusCode)) {
          // A body still arriving is cut off, so the next hop (maybe on the same client) never waits behind it.
          res.stop(ATTEMPT_DONE);
          if (res.body) discard(res.body);
          if (hop >= config.maxRedirects) return { outcome: "status", phase: "response", message: `more than ${config.maxRedirects} redirects (last to ${new URL(location, url).host})` };
          url = new URL(location, url);
          continue;
        }
        if (!statusOk(config, res.statusCode)) {
          const want = config.expect.status?.join(", ") ?? "2xx";
          return { outcome: "status", phase: "response", message: `HTTP ${res.statusCode}, expected ${want}` };
        }
        if (!res.body) return { outcome: "ok", message: `HTTP ${res.statusCode}` };
        const encoding = res.headers["content-encoding"];
        const body = await readBody(res.body, Array.isArray(encoding) ? encoding.join(", ") : encoding, config.maxBodyBytes);
        const failed = assertBody(config, body);
        return failed ? { outcome: "assertion", phase: "response", message: failed } : { outcome: "ok", message: `HTTP ${res.statusCode}` };
      }
    } catch (err) {
      const r: ProbeResult = classifyError(err, signal, phase());
      if (r.phase === undefined) r.phase = phase();
      return r;
    } finally {
      dispose();
      for (const client of clients.values()) client.destroy(ATTEMPT_DONE).catch(() => undefined);
      sockets.forEach((s) => s.destroy());
    }
  },
};
