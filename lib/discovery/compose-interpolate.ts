/** Environment variables as a plain map. */
export type ComposeEnv = Record<string, string | undefined>;

/** What interpolating one string gave: the text, variables that were unset, and a required one's error. */
interface Interpolated {
  text: string;
  unset: string[];
  error?: string;
}

const PATTERN = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\{[^}]*\}?))/g;

/**
 * Compose's variable interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}` and `${VAR+replacement}`. Unset variables
 * become empty strings, as Compose does (it warns; the caller turns that into a comment).
 */
export function interpolateCompose(input: string, env: ComposeEnv): Interpolated {
  const unset: string[] = [];
  let error: string | undefined;
  const text = input.replace(PATTERN, (_m, dollar: string | undefined, name: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined, bad: string | undefined) => {
    if (dollar !== undefined) return "$";
    if (bad !== undefined) {
      error ??= `invalid interpolation format "$${bad}"`;
      return "";
    }
    const key = name ?? bare ?? "";
    const value = env[key];
    const empty = value === undefined || (op?.startsWith(":") === true && value === "");
    const rest = arg === undefined ? "" : interpolateCompose(arg, env).text;
    switch (op) {
      case ":-":
      case "-":
        return empty ? rest : (value ?? "");
      case ":?":
      case "?":
        if (empty) error ??= `required variable ${key} is missing a value${rest ? `: ${rest}` : ""}`;
        return value ?? "";
      case ":+":
      case "+":
        return empty ? "" : rest;
      default:
        if (value === undefined) unset.push(key);
        return value ?? "";
    }
  });
  return { text, unset, error };
}
