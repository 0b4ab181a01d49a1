import type { Outcome, Phase, ProbeResult } from "@/lib/model";

/** An error as Node and the drivers raise it: classified by `code`, never by message text. */
interface CodedError {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL", "ENODATA", "ESERVFAIL", "ENONAME", "ECONNREFUSED_DNS"]);
const REFUSED_CODES = new Set(["ECONNREFUSED", "ECONNRESET_BEFORE_CONNECT"]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ETIMEOUT", "ESOCKETTIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ABORT_ERR"]);
const TLS_PREFIXES = ["ERR_TLS_", "ERR_SSL_", "CERT_", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_", "HOSTNAME_MISMATCH"];

/** Walks `err`, its `cause` chain and AggregateError members, yielding every error object. */
function* chain(err: unknown): Generator<CodedError> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const coded = e as CodedError;
    yield coded;
    if (coded.cause !== undefined) queue.push(coded.cause);
    if (Array.isArray(coded.errors)) queue.push(...coded.errors);
  }
}

/** The first string `code` found along the cause chain, if any. */
export function errorCode(err: unknown): string | undefined {
  for (const e of chain(err)) if (typeof e.code === "string" && e.code !== "") return e.code;
  return undefined;
}

/** The outcome and phase that an error code stands for; `error` when the code says nothing more. */
export function classifyCode(code: string | undefined): { outcome: Outcome; phase?: Phase } {
  if (code === undefined) return { outcome: "error" };
  if (DNS_CODES.has(code)) return { outcome: "dns", phase: "dns" };
  if (REFUSED_CODES.has(code)) return { outcome: "refused", phase: "connect" };
  if (TIMEOUT_CODES.has(code)) return { outcome: "timeout" };
  if (TLS_PREFIXES.some((p) => code.startsWith(p))) return { outcome: "tls", phase: "tls" };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EADDRNOTAVAIL") return { outcome: "error", phase: "connect" };
  return { outcome: "error" };
}

/** The message of an error, with its code appended when the message lacks it. */
export function describeError(err: unknown): string {
  const code = errorCode(err);
  let message = "";
  for (const e of chain(err)) {
    if (typeof e.message === "string" && e.message !== "") {
      message = e.message;
      break;
    }
  }
  if (message === "") message = String(err);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Turns a thrown error into a probe result. An abort from the attempt's own signal is a
 * `timeout`, whatever error the library wrapped it in.
 */
export function classifyError(err: unknown, signal?: AbortSignal, phase?: Phase): ProbeResult {
  if (signal?.aborted) return { outcome: "timeout", phase, message: timeoutMessage(signal) };
  const code = errorCode(err);
  const c = classifyCode(code);
  for (const e of chain(err)) {
    if (e.name === "TimeoutError" || e.name === "AbortError") return { outcome: "timeout", phase, message: describeError(err) };
  }
  return { outcome: c.outcome, phase: c.phase ?? phase, message: describeError(err) };
}

/** The message for an attempt cut off by its timeout. */
export function timeoutMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "TimeoutError" && reason.name !== "AbortError") return reason.message;
  return "no answer within the timeout";
}
