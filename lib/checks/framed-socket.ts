import type { Socket } from "node:net";
import type { Phase } from "@/lib/model";
import { capReads } from "@/lib/checks/read-cap";
import { codedError, decodeBytes, dial, phaseTracker } from "@/lib/checks/util";

/** Longest reply line accepted; a peer sending more without a line break is not the protocol we expect. */
const MAX_LINE = 256 * 1024;

/** Returns a splitter of a byte stream into CRLF-terminated text lines (without the CRLF). */
export function lineSplitter(): (chunk: Buffer) => string[] {
  let rest = Buffer.alloc(0);
  return (chunk) => {
    rest = Buffer.concat([rest, chunk]);
    const lines: string[] = [];
    let i: number;
    while ((i = rest.indexOf("\r\n")) >= 0) {
      lines.push(decodeBytes(rest.subarray(0, i)));
      rest = rest.subarray(i + 2);
    }
    if (rest.length > MAX_LINE) throw codedError(`reply line longer than ${MAX_LINE} bytes`, "ERR_PROTOCOL");
    return lines;
  };
}

/**
 * A TCP connection that yields protocol messages one at a time, as `split` cuts them from the
 * byte stream. The attempt's signal destroys the socket; `close()` must be called on every other path.
 */
export class FramedSocket<T> {
  private readonly socket: Socket;
  private readonly queue: T[] = [];
  private failure: Error | undefined;
  private waiter: { resolve: (m: T) => void; reject: (err: Error) => void } | undefined;
  private readonly tracker: () => Phase;

  constructor(host: string, port: number, signal: AbortSignal, split: (chunk: Buffer) => T[]) {
    this.socket = capReads(dial(host, port, signal));
    this.tracker = phaseTracker(this.socket);
    this.socket.on("data", (chunk: Buffer) => {
      try {
        this.queue.push(...split(chunk));
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        this.socket.destroy();
      }
      this.deliver();
    });
    this.socket.on("error", (err) => this.fail(err));
    this.socket.on("close", () => this.fail(codedError("the server closed the connection", "ERR_CONNECTION_CLOSED")));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.deliver();
  }

  private deliver(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.queue.length > 0) {
      this.waiter = undefined;
      w.resolve(this.queue.shift() as T);
    } else if (this.failure) {
      this.waiter = undefined;
      w.reject(this.failure);
    }
  }

  /** Where the exchange is: `connect`, then `request` while bytes wait to be sent, `response` while waiting. */
  get phase(): Phase {
    return this.tracker();
  }

  /** Resolves with the next message; rejects when the connection fails or closes first. */
  next(): Promise<T> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.deliver();
    });
  }

  /** Queues bytes to send. */
  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Destroys the socket; safe to call more than once. */
  close(): void {
    this.socket.destroy();
  }
}
