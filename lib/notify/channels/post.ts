/** Raised when a receiver refuses a delivery; `retry` says whether trying again can help. */
export class DeliveryError extends Error {
  constructor(message: string, readonly retry: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DeliveryError";
  }
}

/** Bound on one delivery request. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * POSTs a body and throws a DeliveryError unless the receiver answers 2xx. Errors never quote the
 * URL (webhook URLs carry their secret); 4xx other than 408/429 are not retried.
 */
export async function post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body, headers, redirect: "error", signal: signal ?? AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.name : "error");
    throw new DeliveryError(`request failed (${code})`, true, { cause: err });
  }
  const text = (await res.text().catch(() => "")).slice(0, 300);
  if (!res.ok) throw new DeliveryError(`receiver answered ${res.status}${text ? `: ${text.replace(/\s+/g, " ").slice(0, 120)}` : ""}`, res.status >= 500 || res.status === 408 || res.status === 429);
  return text;
}

/** POSTs JSON (see post). */
export function postJson(url: string, payload: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<string> {
  return post(url, JSON.stringify(payload), { "content-type": "application/json", ...headers }, signal);
}
