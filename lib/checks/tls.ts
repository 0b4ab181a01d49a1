import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { connect as tlsConnect, type PeerCertificate } from "node:tls";
import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import type { CheckType } from "@/lib/checks/types";
import { dial, endpoint, onAbort, parseServiceUrl } from "@/lib/checks/util";
import type { Phase, ProbeResult } from "@/lib/model";

const PORTS = { tls: 443 };
const DAY_MS = 86_400_000;

/** Accepts `tls://host:port` or a bare `host:port`. */
function parseTarget(text: string) {
  return parseServiceUrl(text.includes("://") ? text : `tls://${text}`, PORTS);
}

const schema = z.strictObject({
  type: z.literal("tls"),
  url: z.string().refine((s) => parseTarget(s) !== undefined, 'expected "tls://host:port" or "host:port"'),
  /** The check fails (outcome `tls`) when the certificate expires in fewer days than this. */
  minDaysLeft: z.number().min(0).max(3650).default(14),
  /** SNI name and the name the certificate must match; defaults to the URL's host when it is a name. */
  servername: z.string().min(1).optional(),
  /** Verify the chain and the host name; off still reports expiry. */
  verify: z.boolean().default(true),
  /** A PEM file of extra trusted CA certificates (an internal CA). */
  ca: z.string().min(1).optional(),
});

type TlsConfig = z.infer<typeof schema>;

/** Whole days from `now` until `validTo` (negative once expired). */
export function daysLeft(validTo: Date, now: number): number {
  return Math.floor((validTo.getTime() - now) / DAY_MS);
}

/** The verdict on a certificate's remaining validity. */
export function expiryVerdict(subject: string, validTo: Date, now: number, minDaysLeft: number): ProbeResult {
  const days = daysLeft(validTo, now);
  const until = validTo.toISOString().slice(0, 10);
  if (validTo.getTime() <= now) {
    const ago = Math.floor((now - validTo.getTime()) / DAY_MS);
    return { outcome: "tls", phase: "tls", message: `certificate for ${subject} expired ${ago} day(s) ago (${until})` };
  }
  if (days < minDaysLeft) return { outcome: "tls", phase: "tls", message: `certificate for ${subject} expires in ${days} day(s) (${until}), under minDaysLeft ${minDaysLeft}` };
  return { outcome: "ok", message: `certificate for ${subject} valid for ${days} more day(s) (until ${until})` };
}

function subjectOf(cert: PeerCertificate): string {
  const cn = cert.subject?.CN;
  return (Array.isArray(cn) ? cn[0] : cn) ?? cert.subjectaltname ?? "the server";
}

/** TLS: handshake, then report the days until the leaf certificate expires. */
export const tlsCheck: CheckType<TlsConfig> = {
  type: "tls",
  schema,
  target: (c) => {
    const u = parseTarget(c.url);
    return u ? endpoint(u.host, u.port) : c.url;
  },
  async probe(config, { signal }) {
    const u = parseTarget(config.url);
    if (!u) return { outcome: "error", message: "invalid URL" };
    let phase: Phase = "connect";
    let ca: Buffer | undefined;
    try {
      if (config.ca !== undefined) ca = await readFile(/*turbopackIgnore: true*/ config.ca);
    } catch (err) {
      return { ...classifyError(err), message: `cannot read ca file ${config.ca}` };
    }
    const raw = dial(u.host, u.port, signal);
    raw.once("connect", () => (phase = "tls"));
    const servername = config.servername ?? (isIP(u.host) ? undefined : u.host);
    return new Promise<ProbeResult>((resolve) => {
      const secure = tlsConnect({ socket: raw, host: servername ?? u.host, servername, rejectUnauthorized: config.verify, ca });
      let settled = false;
      let dispose: () => void = () => undefined;
      const done = (r: ProbeResult) => {
        if (settled) return;
        settled = true;
        dispose();
        secure.destroy();
        raw.destroy();
        resolve(r);
      };
      dispose = onAbort(signal, () => done(classifyError(signal.reason, signal, phase)));
      secure.once("secureConnect", () => {
        const cert = secure.getPeerCertificate();
        if (!cert || !cert.valid_to) return done({ outcome: "tls", phase: "tls", message: "the server sent no certificate" });
        done(expiryVerdict(subjectOf(cert), new Date(cert.valid_to), Date.now(), config.minDaysLeft));
      });
      secure.once("error", (err) => done(classifyError(err, signal, phase)));
      raw.once("error", (err) => done(classifyError(err, signal, phase)));
      secure.once("close", () => done({ outcome: "error", phase, message: "the connection closed before the handshake completed" }));
    });
  },
};
