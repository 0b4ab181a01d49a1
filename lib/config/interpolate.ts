/** Environment variables as a plain map (for `${VAR}` substitution). */
export type Env = Record<string, string | undefined>;

/** An interpolation problem, by the formatted path of the string it was found in. */
export interface InterpolationIssue {
  path: PropertyKey[];
  message: string;
}

/** What interpolation produced: the new value, its problems, and every value taken from the environment. */
export interface Interpolated {
  value: unknown;
  issues: InterpolationIssue[];
  /** Values substituted from the environment, so error texts can be scrubbed of them. */
  substituted: Set<string>;
}

// `$$` (a literal `$`), `${NAME}` or `${NAME:-default}`, or any other `${` (an error).
const TOKEN = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

function substitute(text: string, path: PropertyKey[], env: Env, out: Interpolated): string {
  if (!text.includes("$")) return text;
  return text.replace(TOKEN, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === "$$") return "$";
    if (name === undefined) {
      out.issues.push({ path, message: 'unterminated or malformed "${": write ${VAR}, ${VAR:-default}, or $$ for a literal $' });
      return "";
    }
    const v = env[name];
    if (v !== undefined && v !== "") {
      out.substituted.add(v);
      return v;
    }
    if (fallback !== undefined) return fallback;
    if (v === "") return v;
    out.issues.push({ path, message: `environment variable ${name} is not set` });
    return "";
  });
}

function walk(value: unknown, path: PropertyKey[], env: Env, out: Interpolated): unknown {
  if (typeof value === "string") return substitute(value, path, env, out);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i], env, out));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], env, out)]));
  }
  return value;
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string and `$$` with `$` (README "Environment
 * variables"); a missing variable without a default, or any other `${`, is an issue at that path.
 */
export function interpolate(value: unknown, env: Env): Interpolated {
  const out: Interpolated = { value: undefined, issues: [], substituted: new Set() };
  out.value = walk(value, [], env, out);
  return out;
}
