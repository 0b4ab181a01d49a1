import type { IncomingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import type { Client, Dispatcher } from "undici";

/** The start of a response: its status and headers, and its body when it was asked for. */
export interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The body as it arrives (only with `keepBody`); otherwise its bytes are dropped. */
  body?: Readable;
  /** Cuts off a response still arriving, and its connection with it; a no-op once it has ended. */
  stop(reason: Error): void;
}

/** One request as an http check sends it. */
export interface Ask {
  url: URL;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
  /** Whether the body is streamed to the caller; otherwise it is dropped as it comes. */
  keepBody: boolean;
}

/**
 * One request on `client` through undici's dispatch API, settled as soon as the response starts.
 * `request()` builds a body stream, an abort listener and a result object for every response; a
 * check that only looks at the status needs none of them (about 5 % of the probe's CPU, README.md
 * "Performance"). A body is streamed only when asked for, pausing the connection while its
 * reader is behind.
 */
export function exchange(client: Client, ask: Ask): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let body: Readable | undefined;
    let started = false;
    const handler: Dispatcher.DispatchHandler = {
      // Present so undici takes this for a handler of its current API (it has no other use here).
      onRequestStart() {},
      onResponseStart(c, statusCode, headers) {
        started = true;
        if (ask.keepBody) {
          body = new Readable({ read: () => c.resume() });
          // Its reader hears the error; unread, a body ended by the client's close must not throw.
          body.on("error", () => undefined);
        }
        resolve({ statusCode, headers, body, stop: (reason) => (c.aborted ? undefined : c.abort(reason)) });
      },
      onResponseData(c, chunk) {
        if (body && !body.push(chunk)) c.pause();
      },
      onResponseEnd() {
        body?.push(null);
      },
      onResponseError(_c, err) {
        if (!started) reject(err);
        else body?.destroy(err);
      },
    };
    try {
      client.dispatch({ origin: ask.url.origin, path: `${ask.url.pathname}${ask.url.search}`, method: ask.method, headers: ask.headers, body: ask.body }, handler);
    } catch (err) {
      reject(err);
    }
  });
}
