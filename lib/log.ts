/** Log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger: one JSON line per event. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

/** Parses `DEPWATCH_LOG_LEVEL` (any case); undefined when it names no level. */
export function parseLogLevel(text: string | undefined): LogLevel | undefined {
  const t = text?.trim().toLowerCase();
  return t !== undefined && t in ORDER ? (t as LogLevel) : undefined;
}

/**
 * A JSON-lines logger at `DEPWATCH_LOG_LEVEL` (default info). Every string value passes through
 * `scrub` before it is serialised, so a secret that reached a message is masked before it is
 * written (scrubbing the values, not the JSON line, also catches secrets JSON would escape).
 */
export function createLogger(options: { level?: string; scrub?: () => (text: string) => string; write?: (line: string) => void } = {}): Logger {
  const parsed = parseLogLevel(options.level);
  const min = ORDER[parsed ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger: Logger = {
    log(level, event, fields = {}) {
      if (ORDER[level] < min) return;
      const scrub = options.scrub?.();
      const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, (_key, value: unknown) => {
        if (value instanceof Error) return { message: value.message, code: (value as { code?: unknown }).code };
        return typeof value === "string" && scrub ? scrub(value) : value;
      });
      write(line);
    },
  };
  if (options.level && !parsed) logger.log("warn", "log_level_invalid", { value: options.level, using: "info" });
  return logger;
}
