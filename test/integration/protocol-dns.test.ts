import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDnsServer, type ZoneTable } from "@/test/fixtures/dns-server";
import { attempt } from "@/test/fixtures/protocol-servers";

const ZONE: ZoneTable = {
  "db.depwatch.test": { A: ["10.1.2.3", "10.1.2.4"], AAAA: ["fd00::5"] },
  "www.depwatch.test": { CNAME: ["web.depwatch.test"] },
  "depwatch.test": { MX: ["10 mx1.depwatch.test", "20 mx2.depwatch.test"], TXT: ["v=spf1 -all"], NS: ["ns1.depwatch.test"] },
  "_pg._tcp.depwatch.test": { SRV: ["0 5 5432 db.depwatch.test"] },
};

describe("dns check against a local DNS server", () => {
  let dns: { address: string; close(): Promise<void> };
  let silent: { address: string; close(): Promise<void> };
  beforeAll(async () => {
    dns = await startDnsServer(ZONE);
    silent = await startDnsServer(ZONE, true);
  });
  afterAll(async () => {
    await dns.close();
    await silent.close();
  });

  it.each([
    ["A", "db.depwatch.test", "10.1.2.4", "10.1.2.3, 10.1.2.4"],
    ["AAAA", "db.depwatch.test", "fd00::5", "fd00::5"],
    ["CNAME", "www.depwatch.test", "WEB.depwatch.test.", "web.depwatch.test"],
    ["MX", "depwatch.test", "mx2.depwatch.test", "10 mx1.depwatch.test, 20 mx2.depwatch.test"],
    ["TXT", "depwatch.test", "v=spf1 -all", "v=spf1 -all"],
    ["SRV", "_pg._tcp.depwatch.test", "db.depwatch.test:5432", "db.depwatch.test:5432"],
    ["NS", "depwatch.test", "ns1.depwatch.test", "ns1.depwatch.test"],
  ])("resolves %s %s and finds the expected answer", async (record, name, expected, shown) => {
    const r = await attempt({ type: "dns", name, record, expect: expected, server: dns.address });
    expect(r.outcome, r.message).toBe("ok");
    expect(r.message).toBe(`${record} ${name}: ${shown}`);
  });

  it.each([
    ["an answer that is not among the results", { name: "db.depwatch.test", expect: "10.9.9.9" }, "assertion", /expected "10\.9\.9\.9"/],
    ["a name that does not exist", { name: "nothing.depwatch.invalid" }, "dns", /ENOTFOUND/],
    ["a name without records of that type", { name: "www.depwatch.test", record: "MX" }, "dns", /ENODATA|ENOTFOUND/],
  ])("classifies %s", async (_name, extra, outcome, message) => {
    const r = await attempt({ type: "dns", server: dns.address, ...extra });
    expect(r.outcome).toBe(outcome);
    expect(r.phase).toBe("dns");
    expect(r.message).toMatch(message);
  });

  it("times out against a server that never answers", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => attempt({ type: "dns", name: "db.depwatch.test", server: silent.address }, 300)));
    for (const r of results) expect(r.outcome).toBe("timeout");
  });
});

describe("dns check with the machine's resolvers", () => {
  it("resolves localhost through the system resolver (hosts file)", async () => {
    const r = await attempt({ type: "dns", name: "localhost", via: "system", expect: "127.0.0.1" });
    expect(r.outcome, r.message).toBe("ok");
  });

  it.each([
    ["the DNS resolver", { via: "dns" }],
    ["the system resolver", { via: "system" }],
  ])("reports a .invalid name as dns through %s", async (_name, extra) => {
    const r = await attempt({ type: "dns", name: "depwatch-check.invalid", ...extra }, 3000);
    expect(r.outcome, r.message).toBe("dns");
  });

  it("rejects via: system for record types getaddrinfo cannot answer", () => {
    expect(() => attempt({ type: "dns", name: "localhost", record: "MX", via: "system" })).toThrow(/via: system/);
  });
});
