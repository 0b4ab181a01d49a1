import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

const cache = new Map<string, Buffer>();

/** Where depwatch keeps its data (`DEPWATCH_DATA`, default ./data). */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.DEPWATCH_DATA ?? "data");
}

// Instances sharing a database share one generated secret, kept there (lib/cluster).
const SHARED = Symbol.for("depwatch.sharedShareSecret");
type Holder = { [SHARED]?: Buffer };

/** Uses `secret` (generated once in the shared database) instead of the data folder's file. */
export function shareSecretFromDatabase(secret: Buffer | undefined): void {
  (globalThis as Holder)[SHARED] = secret;
}

/**
 * The key that signs share links: `DEPWATCH_SHARE_SECRET` (at least 16 characters), else the
 * shared database's when several instances run, else 32 random bytes kept in
 * `<DEPWATCH_DATA>/share-secret` (mode 0600) so links survive restarts.
 */
export function shareSecret(env: Record<string, string | undefined> = process.env): Buffer {
  const configured = env.DEPWATCH_SHARE_SECRET;
  if (configured !== undefined && configured !== "") {
    if (configured.length < 16) throw new Error("DEPWATCH_SHARE_SECRET must be at least 16 characters");
    return Buffer.from(configured, "utf8");
  }
  const shared = (globalThis as Holder)[SHARED];
  if (shared) return shared;
  const file = path.join(dataDir(env), "share-secret");
  const known = cache.get(file);
  if (known) return known;
  const secret = readOrCreate(file);
  cache.set(file, secret);
  return secret;
}

function readOrCreate(file: string): Buffer {
  try {
    return parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8"), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside, then hard-linked into place: the link is atomic and fails if another process
  // won the race, so nobody ever reads a half-written secret.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    unlinkSync(tmp);
  }
  return parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8"), file);
}

function parse(text: string, file: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} does not hold a 64-hex-digit secret; delete it to make a new one`);
  return Buffer.from(hex, "hex");
}
