/** AMQP 0-9-1 framing: just enough to open a connection and a channel and check a queue. */
import { decodeBytes } from "@/lib/checks/util";

/** The protocol header a client sends first. */
export const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

const FRAME_METHOD = 1;
const FRAME_END = 0xce;

/** A decoded method frame: channel, class and method ids, and the raw arguments. */
export interface MethodFrame {
  channel: number;
  classId: number;
  methodId: number;
  args: Buffer;
}

/** Method ids used by the check, as `class.method`. */
export const M = {
  start: "10.10", startOk: "10.11", tune: "10.30", tuneOk: "10.31", open: "10.40", openOk: "10.41",
  close: "10.50", closeOk: "10.51", channelOpen: "20.10", channelOpenOk: "20.11", channelClose: "20.40",
  queueDeclare: "50.10", queueDeclareOk: "50.11",
} as const;

/** `class.method` of a frame, for comparing with `M`. */
export function methodName(f: MethodFrame): string {
  return `${f.classId}.${f.methodId}`;
}

/** An AMQP short string (length octet + bytes). */
export function shortStr(s: string): Buffer {
  const b = Buffer.from(s, "utf8");
  if (b.length > 255) throw new RangeError("short string longer than 255 bytes");
  return Buffer.concat([Buffer.from([b.length]), b]);
}

/** An AMQP long string (length long + bytes). */
export function longStr(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** A field table of booleans, strings and nested tables (all the client properties need). */
export function table(fields: Record<string, boolean | string | Record<string, boolean>>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(shortStr(k));
    if (typeof v === "boolean") parts.push(Buffer.from([0x74, v ? 1 : 0]));
    else if (typeof v === "string") parts.push(Buffer.from("S"), longStr(Buffer.from(v, "utf8")));
    else parts.push(Buffer.from("F"), table(v));
  }
  return longStr(Buffer.concat(parts));
}

/** Big-endian unsigned integers of the given byte widths, concatenated. */
export function ints(...values: [number, 1 | 2 | 4][]): Buffer {
  return Buffer.concat(values.map(([v, width]) => {
    const b = Buffer.alloc(width);
    b.writeUIntBE(v, 0, width);
    return b;
  }));
}

/** Encodes one method frame. */
export function methodFrame(channel: number, name: string, args: Buffer): Buffer {
  const [classId, methodId] = name.split(".").map(Number);
  const payload = Buffer.concat([ints([classId ?? 0, 2], [methodId ?? 0, 2]), args]);
  return Buffer.concat([ints([FRAME_METHOD, 1], [channel, 2], [payload.length, 4]), payload, Buffer.from([FRAME_END])]);
}

/** The reply code and text of a connection.close or channel.close. */
export function closeReason(args: Buffer): { code: number; text: string } {
  if (args.length < 3) return { code: 0, text: "" };
  const len = args.readUInt8(2);
  return { code: args.readUInt16BE(0), text: decodeBytes(args.subarray(3, 3 + len)) };
}

/** Accumulates bytes and yields complete method frames; other frame types (heartbeats) are skipped. */
export class FrameReader {
  private buf = Buffer.alloc(0);

  constructor(private readonly maxFrame = 1 << 20) {}

  /** Adds bytes; returns the method frames completed by them. Throws on a malformed stream. */
  push(chunk: Buffer): MethodFrame[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: MethodFrame[] = [];
    if (this.buf.length >= 4 && this.buf.subarray(0, 4).toString("latin1") === "AMQP") {
      throw Object.assign(new Error("the server does not speak AMQP 0-9-1"), { code: "ERR_AMQP_VERSION" });
    }
    while (this.buf.length >= 7) {
      const size = this.buf.readUInt32BE(3);
      if (size > this.maxFrame) throw Object.assign(new Error(`frame of ${size} bytes`), { code: "ERR_AMQP_FRAME" });
      if (this.buf.length < size + 8) break;
      const type = this.buf.readUInt8(0);
      if (this.buf.readUInt8(7 + size) !== FRAME_END) throw Object.assign(new Error("bad frame end"), { code: "ERR_AMQP_FRAME" });
      if (type === FRAME_METHOD && size >= 4) {
        out.push({ channel: this.buf.readUInt16BE(1), classId: this.buf.readUInt16BE(7), methodId: this.buf.readUInt16BE(9), args: this.buf.subarray(11, 7 + size) });
      }
      this.buf = this.buf.subarray(size + 8);
    }
    return out;
  }
}
