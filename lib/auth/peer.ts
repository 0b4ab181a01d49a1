import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PEER_HEADER } from "@/lib/auth/client";

const KEY = Symbol.for("depwatch.peer-stamp");
type Marked = { [KEY]?: true };

const EARLY = Symbol.for("depwatch.early-answer");
/** Answers a request before the framework sees it; returns whether it did. */
export type EarlyAnswer = (req: IncomingMessage, res: ServerResponse) => boolean;
type Early = { [EARLY]?: { port: number; answer: EarlyAnswer } };

// The port each server listens on, once it does (the early answer is for the dashboard's own).
const ports = new WeakMap<Server, number>();
function portOf(server: Server): number | undefined {
  let port = ports.get(server);
  if (port === undefined) {
    port = (server.address() as AddressInfo | null)?.port;
    if (port !== undefined) ports.set(server, port);
  }
  return port;
}

/**
 * Lets `answer` take requests to the server listening on `port` before the framework does (other
 * servers in the process, such as the demo stack's, never see it). Needs stampPeerAddress().
 */
export function answerEarly(port: number, answer: EarlyAnswer): void {
  (globalThis as Early)[EARLY] = { port, answer };
}

/**
 * Stamps every incoming request with its TCP peer's address in a header the client cannot set
 * (any value it sent is overwritten). Next.js hands route handlers no socket, and fills
 * `X-Forwarded-For` only when the client left it out, so this is the one address to trust.
 */
export function stampPeerAddress(): void {
  const proto = Server.prototype as Server & Marked;
  if (proto[KEY]) return;
  proto[KEY] = true;
  const emit = proto.emit;
  proto.emit = function stamped(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "unknown";
      const early = (globalThis as Early)[EARLY];
      if (early && portOf(this) === early.port && early.answer(req, args[1] as ServerResponse)) return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
}

/** Whether a listen host stays on this machine (loopback names and addresses). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === "") return false;
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The port the server was told to listen on (`next start -p`, else `PORT`, else 3000, as Next.js and scripts/start.mjs read them). */
export function listenPort(argv: readonly string[] = process.argv, env: Record<string, string | undefined> = process.env): number {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "-p" || a === "--port") value = argv[i + 1];
    else if (a.startsWith("--port=")) value = a.slice("--port=".length);
  }
  const port = Number(value ?? env.PORT ?? 3000);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : 3000;
}

/** The host the server was told to listen on (`next start -H`, else `HOSTNAME` as scripts/start.mjs reads it); undefined means every interface. */
export function listenHost(argv: readonly string[] = process.argv, env: Record<string, string | undefined> = process.env): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "-H" || a === "--hostname") return argv[i + 1];
    if (a.startsWith("--hostname=")) return a.slice("--hostname=".length);
  }
  return env.HOSTNAME || undefined;
}
