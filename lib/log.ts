/** Log levels, least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger: one JSON line per event. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

/**
 * A JSON-lines logger at `DEPWATCH_LOG_LEVEL` (default info). Every line passes through `scrub`,
 * so a secret that reached a message is masked before it is written.
 */
export function createLogger(options: { level?: string; scrub?: () => (text: string) => string; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[(options.level as LogLevel) ?? "info"] ?? ORDER.info;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    log(level, event, fields = {}) {
      if (ORDER[level] < min) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
      write(options.scrub ? options.scrub()(line) : line);
    },
  };
}
