import type { Socket } from "node:net";
import { codedError } from "@/lib/checks/util";

/** Bytes one attempt accepts from a target before it is cut off (README "Limits of one attempt"). */
export const MAX_ATTEMPT_BYTES = 1 << 20;

/**
 * How much later than the attempt's timeout a driver's own timeout is set: the attempt's signal
 * must fire first, so the outcome is `timeout` with its phase, not the driver's own error text.
 */
export const LIBRARY_TIMEOUT_SLACK_MS = 1_000;

/** The error code of an attempt cut off because the target sent too much. */
export const TOO_LARGE = "ERR_RESPONSE_TOO_LARGE";

/**
 * Destroys `socket` once it has received more than `max` bytes, so no driver above it can buffer
 * more than that, whatever length field or endless stream the target sends. The counter runs
 * before any other `data` listener; returns the socket.
 */
export function capReads<S extends Socket>(socket: S, max = MAX_ATTEMPT_BYTES): S {
  let total = 0;
  socket.prependListener("data", (chunk: Buffer) => {
    total += chunk.length;
    if (total > max && !socket.destroyed) socket.destroy(tooLarge(max));
  });
  return socket;
}

/** The error for a target that sent more than `max` bytes. */
export function tooLarge(max: number): Error & { code: string } {
  return codedError(`the server sent more than ${formatBytes(max)} in one attempt`, TOO_LARGE);
}

/** A size for messages: "1 MiB", "64 KiB", "512 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * Checks a length field a target announced against `max`; throws the too-large error when it
 * exceeds it, before any byte of the message is buffered.
 */
export function checkLength(length: number, max: number, what: string): void {
  if (length > max) throw codedError(`the server announced a ${what} of ${length} bytes (limit ${formatBytes(max)})`, TOO_LARGE);
}
