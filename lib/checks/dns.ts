import { lookup, Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import { z } from "zod";
import { classifyError, errorCode } from "@/lib/checks/classify";
import type { CheckType } from "@/lib/checks/types";
import { onAbort } from "@/lib/checks/util";
import type { ProbeResult } from "@/lib/model";

const RECORDS = ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "NS"] as const;
type RecordType = (typeof RECORDS)[number];

/** A DNS server as `Resolver.setServers` takes it (an IP, optionally with a port); undefined when invalid. */
export function parseDnsServer(text: string): string | undefined {
  const s = text.trim();
  if (isIP(s)) return s;
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(s);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (host === undefined || !isIP(host) || port < 1 || port > 65535) return undefined;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

const schema = z
  .strictObject({
    type: z.literal("dns"),
    name: z.string().min(1).max(253),
    record: z.enum(RECORDS).default("A"),
    /** An answer that must be among the results (MX: the exchange, SRV: `target:port`, TXT: the joined strings). */
    expect: z.string().min(1).optional(),
    server: z.string().refine((s) => parseDnsServer(s) !== undefined, 'expected an IP address with an optional port, like "10.0.0.2:53"').optional(),
    /** `dns` asks DNS servers directly; `system` uses the OS resolver (hosts file, nsswitch), as applications do. */
    via: z.enum(["dns", "system"]).default("dns"),
  })
  .refine((c) => c.via === "dns" || ((c.record === "A" || c.record === "AAAA") && c.server === undefined), {
    message: "via: system resolves only A and AAAA records, without a server",
    path: ["via"],
  });

type DnsConfig = z.infer<typeof schema>;

/** Normalises a name for comparison: lower case, without the trailing dot. */
function norm(s: string): string {
  return s.trim().toLowerCase().replace(/\.$/, "");
}

/** Turns the resolver's answer for `record` into display strings. */
export function formatAnswers(record: RecordType, raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((a: unknown) => {
    if (typeof a === "string") return a;
    if (Array.isArray(a)) return a.join("");
    const o = a as { exchange?: string; priority?: number; name?: string; port?: number };
    if (record === "MX") return `${o.priority ?? 0} ${o.exchange ?? ""}`;
    if (record === "SRV") return `${o.name ?? ""}:${o.port ?? 0}`;
    return JSON.stringify(a);
  });
}

/** Whether `expected` is among `answers`; names compare case- and trailing-dot-insensitively, MX also by exchange alone. */
export function answerMatches(record: RecordType, expected: string, answers: readonly string[]): boolean {
  const want = norm(expected);
  return answers.some((a) => {
    if (record === "TXT") return a === expected;
    if (norm(a) === want) return true;
    return record === "MX" && norm(a.replace(/^\d+\s+/, "")) === want;
  });
}

async function resolveVia(config: DnsConfig, signal: AbortSignal, timeoutMs: number): Promise<string[]> {
  if (config.via === "system") {
    // getaddrinfo cannot be cancelled; the abort race below bounds the attempt, the lookup ends on its own.
    const found = await lookup(config.name, { all: true, family: config.record === "AAAA" ? 6 : 4 });
    return found.map((a) => a.address);
  }
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  const server = config.server === undefined ? undefined : parseDnsServer(config.server);
  if (server !== undefined) resolver.setServers([server]);
  const dispose = onAbort(signal, () => resolver.cancel());
  try {
    return formatAnswers(config.record, await resolver.resolve(config.name, config.record));
  } finally {
    dispose();
  }
}

/** DNS: resolves a name to records of one type, optionally requiring one answer. */
export const dnsCheck: CheckType<DnsConfig> = {
  type: "dns",
  schema,
  target: (c) => `${c.name} ${c.record}${c.server ? ` @${c.server}` : c.via === "system" ? " (system)" : ""}`,
  async probe(config, { signal, timeoutMs }) {
    let stop: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => (stop = onAbort(signal, () => reject(signal.reason))));
    try {
      const answers = await Promise.race([resolveVia(config, signal, timeoutMs), aborted]);
      const shown = answers.slice(0, 5).join(", ") + (answers.length > 5 ? `, … (${answers.length})` : "");
      if (config.expect !== undefined && !answerMatches(config.record, config.expect, answers)) {
        return { outcome: "assertion", phase: "dns", message: `${config.record} ${config.name}: ${shown || "no answers"}; expected ${JSON.stringify(config.expect)}` };
      }
      return { outcome: "ok", message: `${config.record} ${config.name}: ${shown}` };
    } catch (err) {
      const r: ProbeResult = classifyError(err, signal, "dns");
      // c-ares reports its own timeout as ETIMEOUT, which Node's socket codes do not cover.
      if (!signal.aborted && errorCode(err) === "ETIMEOUT") r.outcome = "timeout";
      r.phase = "dns";
      return r;
    } finally {
      stop();
      aborted.catch(() => undefined);
    }
  },
};
