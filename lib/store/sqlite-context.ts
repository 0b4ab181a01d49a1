import type Database from "better-sqlite3";

/** Dictionary caches are dropped when they grow past this many entries (messages can be unique). */
const CACHE_LIMIT = 20_000;

/** The open database plus its prepared statements and dictionaries, shared by the store's parts. */
export class SqliteContext {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly serviceIds = new Map<string, number>();
  private readonly serviceNames = new Map<number, string>();
  private readonly messageIds = new Map<string, number>();
  private readonly messageTexts = new Map<number, string>();
  /** Messages used by the batch being written, with the newest check start that used them. */
  private readonly touched = new Map<number, number>();

  constructor(readonly db: Database.Database) {
    this.reload();
  }

  /** Re-reads the dictionaries, e.g. after a rolled-back write left the caches ahead of the file. */
  reload(): void {
    this.serviceIds.clear();
    this.serviceNames.clear();
    this.forgetMessages();
    this.touched.clear();
    for (const row of this.stmt("SELECT id, name FROM services").all() as { id: number; name: string }[]) {
      this.serviceIds.set(row.name, row.id);
      this.serviceNames.set(row.id, row.name);
    }
  }

  /** A prepared statement, prepared once per SQL text. */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** The dictionary id of a service name, if it has ever been written. */
  serviceId(name: string): number | undefined {
    return this.serviceIds.get(name);
  }

  /** The name behind a service's dictionary id. */
  serviceName(id: number): string | undefined {
    return this.serviceNames.get(id);
  }

  /** Every service name and its dictionary id. */
  services(): [string, number][] {
    return [...this.serviceIds];
  }

  /** The dictionary id of a service, added when new; call inside a write transaction. */
  ensureService(name: string): number {
    const known = this.serviceIds.get(name);
    if (known !== undefined) return known;
    const { id } = this.stmt("INSERT INTO services (name) VALUES (?) RETURNING id").get(name) as { id: number };
    this.serviceIds.set(name, id);
    this.serviceNames.set(id, name);
    return id;
  }

  /** The dictionary id of a message, added when new; call inside a write transaction. */
  messageId(text: string, usedAt: number): number {
    let id = this.messageIds.get(text);
    if (id === undefined) {
      const row = this.stmt("SELECT id FROM messages WHERE text = ?").get(text) as { id: number } | undefined;
      id = row?.id ?? (this.stmt("INSERT INTO messages (text, last_used) VALUES (?, ?) RETURNING id").get(text, usedAt) as { id: number }).id;
      if (this.messageIds.size >= CACHE_LIMIT) this.messageIds.clear();
      this.messageIds.set(text, id);
    }
    this.touched.set(id, Math.max(usedAt, this.touched.get(id) ?? usedAt));
    return id;
  }

  /** Records when the batch's messages were last used; call at the end of the write transaction. */
  touchMessages(): void {
    const update = this.stmt("UPDATE messages SET last_used = max(last_used, ?) WHERE id = ?");
    for (const [id, at] of this.touched) update.run(at, id);
    this.touched.clear();
  }

  /** The text of a message id ("" if it has gone, which a kept check never refers to). */
  messageText(id: number): string {
    let text = this.messageTexts.get(id);
    if (text === undefined) {
      text = (this.stmt("SELECT text FROM messages WHERE id = ?").get(id) as { text: string } | undefined)?.text ?? "";
      if (this.messageTexts.size >= CACHE_LIMIT) this.messageTexts.clear();
      this.messageTexts.set(id, text);
    }
    return text;
  }

  /** Forgets cached message ids after a prune deleted some. */
  forgetMessages(): void {
    this.messageIds.clear();
    this.messageTexts.clear();
  }
}
