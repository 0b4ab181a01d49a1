import { Client } from "undici";

/** The Engine API version spoken by default: Docker 20.10's, understood by every engine up to 28. */
export const PINNED_API_VERSION = "1.41";

const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * The Docker socket to use: the check's `socket:` (a path or unix:// URL), else DOCKER_HOST when it
 * is a unix:// URL, else the default. A tcp:// DOCKER_HOST is ignored: this check only speaks unix sockets.
 */
export function dockerSocketPath(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (configured !== undefined) return stripUnix(configured);
  const host = env.DOCKER_HOST;
  if (host !== undefined && host.startsWith("unix://")) return stripUnix(host);
  return DEFAULT_SOCKET;
}

function stripUnix(value: string): string {
  return value.startsWith("unix://") ? value.slice("unix://".length) : value;
}

function parseVersion(v: unknown): [number, number] | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function compareVersions(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The API version to speak given the daemon's `GET /version` answer: the pinned one, raised to the
 * daemon's minimum (Docker 29 refuses anything below 1.44) or lowered to its maximum (older engines).
 * The fields this check reads (State, Health, RestartCount, Mounts) are the same in all of them.
 */
export function pickApiVersion(versionBody: unknown): string {
  const pinned = parseVersion(PINNED_API_VERSION) ?? [1, 41];
  const body = typeof versionBody === "object" && versionBody !== null ? (versionBody as Record<string, unknown>) : {};
  const max = parseVersion(body.ApiVersion);
  const min = parseVersion(body.MinAPIVersion);
  if (min && compareVersions(min, pinned) > 0) return `${min[0]}.${min[1]}`;
  if (max && compareVersions(max, pinned) < 0) return `${max[0]}.${max[1]}`;
  return PINNED_API_VERSION;
}

/** An Engine API answer: HTTP status and the parsed JSON body (the raw text when it is not JSON). */
export interface EngineResponse {
  status: number;
  body: unknown;
}

/** The error message the Engine API puts in a non-2xx body, if any. */
export function engineMessage(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string") {
    return (body as { message: string }).message;
  }
  return undefined;
}

/**
 * A client for one attempt against the Docker Engine API over its unix socket. Every request is
 * bound to the attempt's signal; `destroy()` must be called on every path to close the socket.
 */
export class DockerEngine {
  private readonly client: Client;
  private version = PINNED_API_VERSION;
  /** True once the socket accepted a connection, so a failure can be told apart as connect or request. */
  connected = false;

  constructor(
    readonly socketPath: string,
    private readonly signal: AbortSignal,
  ) {
    // The origin is a placeholder: the socket path decides where requests go.
    this.client = new Client("http://docker", { socketPath, pipelining: 1 });
    this.client.on("connect", () => {
      this.connected = true;
    });
  }

  /** Asks the daemon which API versions it speaks and picks one; keeps the pinned one if it cannot tell. */
  async negotiate(): Promise<string> {
    const res = await this.request("/version");
    if (res.status === 200) this.version = pickApiVersion(res.body);
    return this.version;
  }

  /** GET of a versioned Engine API path such as `/containers/api/json`. */
  get(path: string): Promise<EngineResponse> {
    return this.request(`/v${this.version}${path}`);
  }

  private async request(path: string): Promise<EngineResponse> {
    const res = await this.client.request({ method: "GET", path, signal: this.signal });
    const text = await res.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Kept as text: a proxy in front of the socket may answer with plain text or HTML.
    }
    return { status: res.statusCode, body };
  }

  /** Closes the socket now, whatever is in flight. */
  destroy(): void {
    this.client.destroy().catch(() => undefined);
  }
}
