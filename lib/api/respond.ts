import { ZodError } from "zod";
import { DOMAIN_ERRORS } from "@/lib/errors";

/** HTTP status and code of each domain error (lib/errors.ts). */
const HTTP_OF: Record<(typeof DOMAIN_ERRORS)[number], [number, string]> = {
  NotFoundError: [404, "not_found"],
  InvalidInputError: [400, "bad_request"],
  ShuttingDownError: [503, "shutting_down"],
};

/** A failure with an HTTP status and a stable machine-readable code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** `{ error: { code, message } }` with the given status. */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** A JSON body that is never cached. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { "cache-control": "no-store", ...(init.headers ?? {}) } });
}

/**
 * Maps any thrown value to the error shape: ApiError → its status, domain errors (lib/errors.ts)
 * → 404, 400 or 503, ZodError → 400, the rest → 500. The one place that knows both sides.
 */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message, err.headers);
  // By name, not instanceof: the engine (and so what it throws) may come from another bundle's
  // copy of lib/errors.ts (ARCHITECTURE.md, "Errors").
  const mapped = err instanceof Error ? HTTP_OF[err.name as keyof typeof HTTP_OF] : undefined;
  if (mapped && err instanceof Error) return errorResponse(mapped[0], mapped[1], err.message);
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
    return errorResponse(400, "bad_request", `${where}${first?.message ?? "invalid request"}`);
  }
  return errorResponse(500, "internal", "internal error");
}

/** Wraps a handler so every failure answers in the error shape. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response> | Response): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
