/**
 * Domain errors: what went wrong, in the domain's words. lib/api/respond.ts alone maps them to
 * HTTP statuses (ARCHITECTURE.md, "Errors").
 */

/** A named thing (a service, a group) that the current config does not have. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
}

/** A request whose input is well-formed JSON but not acceptable. */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
}

/** The dashboard is shutting down: nothing new starts (one message everywhere). */
export class ShuttingDownError extends Error {
  override readonly name = "ShuttingDownError";
  constructor() {
    super("the dashboard is shutting down; no new checks start");
  }
}

/** The names of every domain error, for the HTTP mapping in lib/api/respond.ts. */
export const DOMAIN_ERRORS = ["NotFoundError", "InvalidInputError", "ShuttingDownError"] as const;
