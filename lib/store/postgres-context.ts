import type { Pool, PoolClient } from "pg";

/** Dictionary caches are dropped when they grow past this many entries (messages can be unique). */
const CACHE_LIMIT = 20_000;

/**
 * Checks a client out of the pool for `work` and gives it back. While it is out, an error on its
 * connection (the server ended it, a reset) rejects the query that meets it instead of surfacing
 * as an unhandled 'error' event (the pool listens only to idle clients); a client whose work
 * failed is closed rather than handed to the next caller.
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const onError = () => undefined;
  client.on("error", onError);
  try {
    const out = await work(client);
    client.off("error", onError);
    client.release();
    return out;
  } catch (err) {
    // The listener stays: a closed connection may still report.
    client.release(err instanceof Error ? err : true);
    throw err;
  }
}

/** Anything that runs a query: the pool or one client inside a transaction. */
export type Queryable = Pick<Pool | PoolClient, "query">;

/**
 * The pool plus the service and message dictionaries shared by the PostgreSQL store's parts.
 * Several instances add to the dictionaries, so a miss is looked up, never assumed absent.
 */
export class PgContext {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private readonly texts = new Map<number, string>();

  constructor(readonly pool: Pool) {}

  /** The dictionary id of a service, if any instance has written it. */
  async serviceId(name: string): Promise<number | undefined> {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const { rows } = await this.pool.query<{ id: number }>("SELECT id FROM services WHERE name = $1", [name]);
    const id = rows[0]?.id;
    if (id !== undefined) this.remember(name, id);
    return id;
  }

  /** The name behind a service id (re-reading the dictionary once for an id written elsewhere). */
  async serviceName(id: number): Promise<string | undefined> {
    if (!this.names.has(id)) await this.loadServices();
    return this.names.get(id);
  }

  /** Every service name and id. */
  async services(): Promise<[string, number][]> {
    await this.loadServices();
    return [...this.ids];
  }

  /** Ids for these service names, adding the new ones; call inside the write transaction. */
  async ensureServices(client: Queryable, names: Iterable<string>): Promise<Map<string, number>> {
    // Sorted, so two instances adding the same names lock their rows in one order (no deadlock).
    const missing = [...new Set(names)].filter((n) => !this.ids.has(n)).sort();
    if (missing.length > 0) {
      await client.query("INSERT INTO services (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING", [missing]);
      const { rows } = await client.query<{ id: number; name: string }>("SELECT id, name FROM services WHERE name = ANY($1::text[])", [missing]);
      for (const r of rows) this.remember(r.name, r.id);
    }
    return this.ids;
  }

  /**
   * Ids for the batch's messages, upserted with their newest use in the write transaction itself,
   * so a concurrent prune on another instance can never delete a message a new check refers to.
   */
  async messageIds(client: Queryable, used: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (used.size === 0) return out;
    const { rows } = await client.query<{ id: number; text: string }>(
      `INSERT INTO messages (text, last_used) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (text) DO UPDATE SET last_used = greatest(messages.last_used, excluded.last_used) RETURNING id, text`,
      [[...used.keys()], [...used.values()]],
    );
    for (const r of rows) out.set(r.text, r.id);
    return out;
  }

  /** Loads the texts of these message ids into the cache (one query for the misses). */
  async loadMessages(ids: Iterable<number>): Promise<void> {
    const missing = [...ids].filter((id) => !this.texts.has(id));
    if (missing.length === 0) return;
    if (this.texts.size + missing.length > CACHE_LIMIT) this.texts.clear();
    const { rows } = await this.pool.query<{ id: number; text: string }>("SELECT id, text FROM messages WHERE id = ANY($1::int[])", [missing]);
    for (const r of rows) this.texts.set(r.id, r.text);
  }

  /** A cached message text ("" if it has gone, which a kept check never refers to). */
  messageText(id: number): string {
    return this.texts.get(id) ?? "";
  }

  /** Forgets cached message texts after a prune deleted some. */
  forgetMessages(): void {
    this.texts.clear();
  }

  private async loadServices(): Promise<void> {
    const { rows } = await this.pool.query<{ id: number; name: string }>("SELECT id, name FROM services");
    for (const r of rows) this.remember(r.name, r.id);
  }

  private remember(name: string, id: number): void {
    this.ids.set(name, id);
    this.names.set(id, name);
  }
}
