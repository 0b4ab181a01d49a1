const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential/i;
const MASK = "***";

function remember(secrets: Set<string> | undefined, value: string): void {
  if (!secrets) return;
  secrets.add(value);
  try {
    secrets.add(decodeURIComponent(value));
  } catch {
    // not percent-encoded: the raw form is enough
  }
}

// A query parameter whose name says it is a credential (`?token=…`, `&api_key=…`, `sig=`).
const SECRET_PARAM = /([?&;])([^=&#\s?;]*(?:pass(?:word)?|secret|token|api[-_]?key|auth|credential|sig(?:nature)?|key)[^=&#\s?;]*)=([^&#\s;]*)/gi;

function maskUrl(text: string, secrets: Set<string> | undefined): string {
  if (!text.includes("=") && !text.includes("@")) return text;
  const masked = text.replace(SECRET_PARAM, (m, sep: string, name: string, value: string) => {
    if (value === "") return m;
    remember(secrets, value);
    return `${sep}${name}=${MASK}`;
  });
  // URLs with credentials: scheme://user:pass@host…
  return masked.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*)(:([^/@\s]*))?@/gi, (_m, scheme: string, user: string, _c, pass: string | undefined) => {
    if (pass === undefined || pass === "") return `${scheme}${user}@`;
    remember(secrets, pass);
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
