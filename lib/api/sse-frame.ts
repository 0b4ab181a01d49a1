/** Frames one event: `event:` line, one `data:` line per line of the JSON, blank line. */
export function sseFrame(event: string, data: unknown): string {
  const lines = JSON.stringify(data).split(/\r\n|\r|\n/);
  return `event: ${event.replace(/[\r\n]/g, "")}\n${lines.map((l) => `data: ${l}`).join("\n")}\n\n`;
}

const encoder = new TextEncoder();
/** Each event's frame, encoded once and shared by every open stream (WeakMap: gone with the event). */
const frames = new WeakMap<object, Uint8Array>();

/** The encoded `event` frame of `data`, built once per event object however many streams send it. */
export function sharedFrame(event: string, data: unknown): Uint8Array {
  if (typeof data !== "object" || data === null) return encoder.encode(sseFrame(event, data));
  let bytes = frames.get(data);
  if (!bytes) frames.set(data, (bytes = encoder.encode(sseFrame(event, data))));
  return bytes;
}

