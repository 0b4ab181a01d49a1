import { statSync, watch, type FSWatcher } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";

/** What a file watch reports: the new text, or why the file cannot be read right now. */
export type FileChange = { text: string } | { error: string };

/** Timing of a file watch, in ms. */
export interface WatchOptions {
  /** Quiet time after the last event before the file is read (editors write in bursts). */
  debounceMs?: number;
  /** How often the file is stat'ed as a fallback for filesystems where fs.watch is silent. */
  pollMs?: number;
  /** Whether to use fs.watch at all (false leaves only the stat fallback). */
  fsWatch?: boolean;
}

/** A running watch; close() stops every timer and watcher. */
export interface FileWatch {
  close(): void;
}

/**
 * Watches one file for content changes and calls `onChange` once per change, with the new text.
 * The directory is watched rather than the file, because editors (and Kubernetes ConfigMaps)
 * replace a file by rename, which ends a watch on the old inode. A periodic stat catches what
 * fs.watch misses (network filesystems, some containers). Reads are compared with the last text,
 * so a touch or an unrelated event in the directory reports nothing.
 */
export function watchFile(path: string, initialText: string | undefined, onChange: (change: FileChange) => void, options: WatchOptions = {}): FileWatch {
  const debounceMs = options.debounceMs ?? 250;
  const pollMs = options.pollMs ?? 2_000;
  const name = basename(path);
  let last: FileChange | undefined = initialText === undefined ? undefined : { text: initialText };
  let signature = signatureNow(path);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  let closed = false;
  let reading = false;
  let again = false;

  const read = async (): Promise<void> => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    let change: FileChange;
    try {
      change = { text: await readFile(/*turbopackIgnore: true*/ path, "utf8") };
    } catch (err) {
      change = { error: (err as { code?: string }).code ?? "error" };
    }
    reading = false;
    const same = last !== undefined && ("text" in change ? "text" in last && last.text === change.text : "error" in last && last.error === change.error);
    if (!closed && !same) {
      last = change;
      onChange(change);
    }
    if (again) {
      again = false;
      schedule();
    }
  };

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void read(), debounceMs);
    timer.unref?.();
  };

  const startWatcher = (): void => {
    if (options.fsWatch === false) return;
    try {
      watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
        // A null filename happens on some platforms; a Kubernetes ConfigMap swaps a `..data`
        // symlink rather than the file itself. Either way the content comparison decides.
        if (filename === null || filename === name || filename.startsWith("..")) schedule();
      });
      watcher.on("error", () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // the directory is gone or not watchable: polling still runs
    }
  };

  const poll = setInterval(() => {
    stat(path).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      (err: { code?: string }) => `error:${err.code ?? "error"}`,
    ).then((sig) => {
      if (sig !== signature) {
        signature = sig;
        schedule();
      }
      // Re-arm a watcher lost with its directory (e.g. a volume remounted).
      if (!watcher && !closed) startWatcher();
    }, () => undefined);
  }, pollMs);
  poll.unref?.();

  startWatcher();
  if (initialText === undefined) schedule();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    },
  };
}

function signatureNow(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch (err) {
    return `error:${(err as { code?: string }).code ?? "error"}`;
  }
}
