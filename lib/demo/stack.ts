import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";

/** The simulated stack of the bundled demo, with the ports it listens on. */
export interface DemoStack {
  ports: { api: number; db: number; cache: number; search: number };
  close(): Promise<void>;
}

function listen(server: Server | TcpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });
}

/**
 * Starts the demo targets on loopback: a healthy API, a database port that opens after
 * `dbDelayMs` (refused until then), a flaky cache (mostly fast, sometimes slow, sometimes hung),
 * and a search backend that accepts connections and never answers.
 */
export async function startDemoStack(options: { dbDelayMs?: number; random?: () => number } = {}): Promise<DemoStack> {
  const random = options.random ?? Math.random;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };

  // The API is healthy only while its database accepts connections; the worker also needs search.
  const api = createHttpServer((req, res) => {
    res.setHeader("content-type", "application/json");
    const dbUp = db.listening;
    if (req.url?.startsWith("/worker")) {
      res.statusCode = 503;
      return res.end(JSON.stringify({ status: "error", reason: dbUp ? "search backend unreachable" : "database unreachable" }));
    }
    res.statusCode = dbUp ? 200 : 503;
    res.end(JSON.stringify(dbUp ? { status: "ok" } : { status: "error", reason: "database unreachable" }));
  });
  api.on("connection", track);

  const cache = createHttpServer((_req, res) => {
    const roll = random();
    if (roll < 0.15) return; // hangs: the check times out
    setTimeout(() => res.end("PONG"), roll < 0.3 ? 1_200 : 5);
  });
  cache.on("connection", track);

  const search = createTcpServer((s) => track(s)); // accepts, never answers
  const db = createTcpServer((s) => {
    track(s);
    s.end();
  });

  const ports = { api: await listen(api), cache: await listen(cache), search: await listen(search), db: 0 };
  // Reserve a port for the database, then close it: refused until the database "starts".
  const probe = createTcpServer();
  ports.db = await listen(probe);
  await new Promise<void>((r) => probe.close(() => r()));
  const dbTimer = setTimeout(() => void listen(db, ports.db).catch(() => undefined), options.dbDelayMs ?? 20_000);
  dbTimer.unref();

  return {
    ports,
    async close() {
      clearTimeout(dbTimer);
      for (const s of sockets) s.destroy();
      await Promise.all([api, cache, search, db].map((srv) => new Promise<void>((r) => (srv.listening ? srv.close(() => r()) : r()))));
    },
  };
}
