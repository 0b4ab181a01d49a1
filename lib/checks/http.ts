import { buildConnector, Client, request } from "undici";
import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import { readJsonPath } from "@/lib/checks/json-path";
import type { CheckType } from "@/lib/checks/types";
import { parseServiceUrl } from "@/lib/checks/util";
import { bytes } from "@/lib/units";
import type { Phase, ProbeResult } from "@/lib/model";

/** The most of a response body a check reads (README "Config bounds"). */
const MAX_BODY_BYTES = 64 * 1024 ** 2;

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
  maxBodyBytes: bytes.refine((n) => n >= 1 && n <= MAX_BODY_BYTES, "must be between 1 byte and 64MiB").default(65_536),
});

type HttpConfig = z.infer<typeof schema>;

function headersOf(config: HttpConfig): Record<string, string> {
  const out: Record<string, string> = { "user-agent": "depwatch" };
  for (const [k, v] of Object.entries(config.headers)) out[k.toLowerCase()] = typeof v === "string" ? v : v.value;
  return out;
}

/** Reads at most `max` bytes of the body, then stops reading (the client is destroyed after). */
async function readCapped(body: AsyncIterable<Buffer>, max: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) return { text: Buffer.concat(chunks).subarray(0, max).toString("utf8"), truncated: true };
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

/** Stops reading a body; the abort error this raises on the stream is expected, not a failure. */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on("error", () => undefined);
  body.destroy();
}

function statusOk(config: HttpConfig, status: number): boolean {
  return config.expect.status ? config.expect.status.includes(status) : status >= 200 && status < 300;
}

/** Evaluates the body assertions; the message shows the actual value, Gatus-style. */
function assertBody(config: HttpConfig, text: string, truncated: boolean): string | undefined {
  const { bodyContains, json } = config.expect;
  if (bodyContains !== undefined && !text.includes(bodyContains)) {
    return `body does not contain ${JSON.stringify(bodyContains)}${truncated ? ` (first ${config.maxBodyBytes} bytes read)` : ""}`;
  }
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `body is not JSON${truncated ? ` (cut at ${config.maxBodyBytes} bytes)` : ""}`;
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
  async probe(config, { signal, timeoutMs }) {
    let phase: Phase = "connect";
    const connector = buildConnector({ rejectUnauthorized: config.tlsVerify, timeout: timeoutMs });
    // Fresh clients per attempt: every attempt proves connect and TLS, and destroy() frees their
    // sockets. One Client per origin (a redirect may change it) costs about 40 % less CPU than
    // an Agent per attempt, which matters at a thousand services (npm run bench).
    const clients = new Map<string, Client>();
    const clientFor = (url: string): Client => {
      const origin = new URL(url).origin;
      let client = clients.get(origin);
      if (!client) {
        client = new Client(origin, {
          connect: (opts, cb) => {
            phase = "connect";
            connector(opts, (...args) => {
              if (args[0] === null) phase = "request";
              cb(...args);
            });
          },
        });
        clients.set(origin, client);
      }
      return client;
    };
    try {
      let url = config.url;
      for (let hop = 0; ; hop++) {
        phase = "connect";
        const res = await request(url, { method: config.method, headers: headersOf(config), body: config.body, signal, dispatcher: clientFor(url) });
        phase = "response";
        const location = res.headers.location;
        if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === "string" && !statusOk(config, res.statusCode)) {
          discard(res.body);
          if (hop >= config.maxRedirects) return { outcome: "status", phase, message: `more than ${config.maxRedirects} redirects (last to ${new URL(location, url).host})` };
          url = new URL(location, url).toString();
          continue;
        }
        if (!statusOk(config, res.statusCode)) {
          discard(res.body);
          const want = config.expect.status?.join(", ") ?? "2xx";
          return { outcome: "status", phase, message: `HTTP ${res.statusCode}, expected ${want}` };
        }
        if (config.expect.bodyContains === undefined && config.expect.json === undefined) {
          discard(res.body);
          return { outcome: "ok", message: `HTTP ${res.statusCode}` };
        }
        res.body.on("error", () => undefined);
        const { text, truncated } = await readCapped(res.body, config.maxBodyBytes);
        discard(res.body);
        const failed = assertBody(config, text, truncated);
        return failed ? { outcome: "assertion", phase, message: failed } : { outcome: "ok", message: `HTTP ${res.statusCode}` };
      }
    } catch (err) {
      const r: ProbeResult = classifyError(err, signal, phase);
      if (r.phase === undefined) r.phase = phase;
      return r;
    } finally {
      for (const client of clients.values()) client.destroy().catch(() => undefined);
    }
  },
};
