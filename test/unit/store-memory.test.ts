import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { makeCheck, seeded, T0 } from "../fixtures/history-data";
import { storeContract } from "../fixtures/store-contract";

storeContract("MemoryStore", async (options) => new MemoryStore(options));

describe("MemoryStore", () => {
  it("hands out copies, so a caller mutating a record does not change the history", async () => {
    const store = new MemoryStore({ pruneIntervalMs: 0 });
    const check = makeCheck("alpha", T0, seeded(1));
    const stored = store.append(check);
    stored.attempts[0]!.outcome = "error";
    check.passed = false;
    const [read] = (await store.listChecks("alpha", { limit: 1 })).checks;
    expect(read?.attempts[0]?.outcome).toBe("ok");
    expect(read?.passed).toBe(true);
  });
});
