import type { Socket } from "node:net";
import mysql from "mysql2/promise";
import { z } from "zod";
import { classifyError, errorCode } from "@/lib/checks/classify";
import { capReads, LIBRARY_TIMEOUT_SLACK_MS } from "@/lib/checks/read-cap";
import type { CheckType } from "@/lib/checks/types";
import { dial, hideSecrets, mustParse, phaseTracker, serviceUrlSchema, urlTarget } from "@/lib/checks/util";
import type { Phase, ProbeResult } from "@/lib/model";

const PORTS = { mysql: 3306, mariadb: 3306 };

const schema = z.strictObject({
  type: z.literal("mysql"),
  url: serviceUrlSchema(PORTS, "mysql://user:pass@host:3306/db"),
  query: z.string().min(1).default("select 1"),
});

type MysqlConfig = z.infer<typeof schema>;

/** Server error codes that mean the account, its password or its grants were refused. */
const AUTH_CODES = new Set([
  "ER_ACCESS_DENIED_ERROR",
  "ER_DBACCESS_DENIED_ERROR",
  "ER_ACCESS_DENIED_NO_PASSWORD_ERROR",
  "ER_ACCOUNT_HAS_BEEN_LOCKED",
  "ER_MUST_CHANGE_PASSWORD_LOGIN",
  "ER_HOST_NOT_PRIVILEGED",
]);

/** Whether a MySQL/MariaDB error code means refused credentials. */
export function isMysqlAuthCode(code: string | undefined): boolean {
  return code !== undefined && AUTH_CODES.has(code);
}

/** MySQL and MariaDB: connect, authenticate and run a query (default `select 1`). */
export const mysqlCheck: CheckType<MysqlConfig> = {
  type: "mysql",
  schema,
  target: urlTarget(PORTS),
  async probe(config, { signal, timeoutMs }) {
    const u = mustParse(config.url, PORTS);
    let socket: Socket | undefined;
    let phase: () => Phase = () => "connect";
    let conn: mysql.Connection | undefined;
    try {
      conn = await mysql.createConnection({
        host: u.host,
        port: u.port,
        user: u.username,
        password: u.password,
        database: u.path || undefined,
        // A backstop only: the attempt's signal decides the timeout.
        connectTimeout: timeoutMs + LIBRARY_TIMEOUT_SLACK_MS,
        // Our own socket, tied to the attempt's signal (an abort destroys it mid-handshake too) and
        // capped in what it reads: the driver buffers packets of up to 16 MiB, and joins longer ones.
        stream: () => {
          socket = capReads(dial(u.host, u.port, signal));
          phase = phaseTracker(socket);
          return socket;
        },
      });
      conn.on("error", () => undefined);
      const [rows] = await conn.query(config.query);
      // COM_QUIT keeps "aborted connection" warnings out of the server log on every check.
      await conn.end();
      const count = Array.isArray(rows) ? rows.length : 0;
      return { outcome: "ok", message: `${config.query.slice(0, 60)}: ${count} row(s)` };
    } catch (err) {
      const r: ProbeResult = classifyError(err, signal, phase());
      if (!signal.aborted && isMysqlAuthCode(errorCode(err))) r.outcome = "auth";
      if (r.message !== undefined) r.message = hideSecrets(r.message, [u.password]);
      return r;
    } finally {
      conn?.destroy();
      socket?.destroy();
    }
  },
};
