import { Server, type IncomingMessage } from "node:http";
import { PEER_HEADER } from "@/lib/auth/client";

const KEY = Symbol.for("depwatch.peer-stamp");
type Marked = { [KEY]?: true };

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

/** The host the server was told to listen on (`next start -H`, else `HOSTNAME` as scripts/start.mjs reads it); undefined means every interface. */
export function listenHost(argv: readonly string[] = process.argv, env: Record<string, string | undefined> = process.env): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "-H" || a === "--hostname") return argv[i + 1];
    if (a.startsWith("--hostname=")) return a.slice("--hostname=".length);
  }
  return env.HOSTNAME || undefined;
}
