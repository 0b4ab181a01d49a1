const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential/i;
const MASK = "***";

function maskUrl(text: string, secrets: Set<string> | undefined): string {
  // Only URLs with credentials change: scheme://user:pass@host…
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*)(:([^/@\s]*))?@/gi, (_m, scheme: string, user: string, _c, pass: string | undefined) => {
    if (pass === undefined || pass === "") return `${scheme}${user}@`;
    if (secrets) {
      secrets.add(pass);
      try {
        secrets.add(decodeURIComponent(pass));
      } catch {
        // not percent-encoded: the raw form is enough
      }
    }
    return `${scheme}${user}:${MASK}@`;
  });
}

function walk(value: unknown, key: string, secrets: Set<string> | undefined): unknown {
  if (typeof value === "string") {
    if (SECRET_KEY.test(key) && value !== "") {
      secrets?.add(value);
      return MASK;
    }
    return maskUrl(value, secrets);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, key, secrets));
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    // `{ value, secret: true }` marks a secret explicitly (e.g. a header).
    if (o.secret === true && typeof o.value === "string") {
      secrets?.add(o.value);
      return { ...o, value: MASK };
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, walk(v, k, secrets)]));
  }
  return value;
}

/** A deep copy of a check config with passwords in URLs, secret fields and secret headers masked. */
export function redact<T>(value: T): T {
  return walk(value, "", undefined) as T;
}

/** Every secret string found in a config (URL passwords, secret fields and headers), for scrubbing text. */
export function collectSecrets(value: unknown): string[] {
  const secrets = new Set<string>();
  walk(value, "", secrets);
  return [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** A function that removes the given secrets, and any URL credentials, from free text (messages, logs). */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  return (text) => {
    let out = maskUrl(text, undefined);
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };
}
