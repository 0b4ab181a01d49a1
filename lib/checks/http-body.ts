import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** The `accept-encoding` a check sends when it reads the body: what `readBody` can decode. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** A body as the assertions see it: decoded text, whether it was cut at the cap, and how it was encoded. */
export interface BodyText {
  text: string;
  truncated: boolean;
  /** The content codings that were decoded ("gzip"), when any. */
  decoded?: string;
  /** A content coding the check cannot decode; the text is then empty. */
  unsupported?: string;
}

// The one reason every discarded body is destroyed with. Without a reason, undici builds a
// RequestAbortedError per body, and Node reads its stack (formatted through source maps in the
// server) when the stream is destroyed: a tenth of the probe's CPU at 100 checks/s
// (README.md, "Performance"). This stack is read once, here.
const STOPPED_READING = new Error("the check stopped reading the body");
void STOPPED_READING.stack;

/** Stops reading a stream; the abort error this raises on it is expected, not a failure. */
export function discard(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy(STOPPED_READING);
}

/** Reads at most `max` bytes of a stream, then stops reading. */
async function readCapped(stream: AsyncIterable<Buffer>, max: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) return { text: Buffer.concat(chunks).subarray(0, max).toString("utf8"), truncated: true };
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

/**
 * Reads a response body, decoding its `content-encoding` (gzip, deflate, br), and stops once
 * `max` decoded bytes are read: a compression bomb costs no more than a plain body of that size.
 */
export async function readBody(body: Readable, contentEncoding: string | undefined, max: number): Promise<BodyText> {
  const codings = (contentEncoding ?? "").split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "" && c !== "identity");
  const stages: Readable[] = [body];
  try {
    // Codings are listed in the order they were applied: undo them from the last.
    for (const coding of codings.reverse()) {
      const make = DECODERS[coding];
      if (!make) return { text: "", truncated: false, unsupported: coding };
      const prev = stages[stages.length - 1]!;
      const next = make();
      prev.on("error", (err) => next.destroy(err));
      stages.push(prev.pipe(next));
    }
    const out: BodyText = await readCapped(stages[stages.length - 1]!, max);
    if (codings.length > 0) out.decoded = codings.reverse().join(", ");
    return out;
  } finally {
    stages.forEach(discard);
  }
}
