import { describe, expect, it } from "vitest";
import { quoteInput } from "@/lib/api/respond";
import { decodeBytes, escapeText } from "@/lib/checks/util";

describe("escapeText", () => {
  it.each([
    ["plain text stays", "connection refused", "connection refused"],
    ["non-ASCII letters stay", "Verbindung für Zürich", "Verbindung für Zürich"],
    ["emoji (a surrogate pair) stays", "ok 👍", "ok 👍"],
    ["NUL and ESC are escaped", "a\u0000b\u001b[31m", "a\\x00b\\x1b[31m"],
    ["newlines are escaped", "line1\r\nline2", "line1\\x0d\\x0aline2"],
    ["C1 controls and DEL are escaped", "\u007f\u0085", "\\x7f\\x85"],
    ["replacement characters are escaped", "bad \ufffd byte", "bad \\ufffd byte"],
    ["a lone surrogate is escaped", "x\ud800y", "x\\ud800y"],
  ])("%s", (_name, input, want) => {
    expect(escapeText(input)).toBe(want);
  });
});

describe("decodeBytes", () => {
  it.each([
    ["valid UTF-8 decodes", Buffer.from("-ERR über", "utf8"), "-ERR über"],
    ["invalid UTF-8 shows every non-printable byte", Buffer.from([0x2d, 0x45, 0xff, 0x00, 0x41]), "-E\\xff\\x00A"],
  ])("%s", (_name, input, want) => {
    expect(decodeBytes(input)).toBe(want);
  });
});

describe("quoteInput", () => {
  it.each([
    ["a short id is quoted whole", "orders-db", '"orders-db"'],
    ["a long id is cut to 64 characters with its length", "a".repeat(10_000), `"${"a".repeat(64)}…" (10000 characters)`],
  ])("%s", (_name, input, want) => {
    expect(quoteInput(input)).toBe(want);
  });
});
