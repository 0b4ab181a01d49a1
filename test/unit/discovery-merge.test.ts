import { describe, expect, it } from "vitest";
import { parseConfig, type Config } from "@/lib/config/load";
import { readComposeFile } from "@/lib/discovery/compose-file";
import { composeToConfig } from "@/lib/discovery/compose-import";
import { parseComposeDependsOn, servicesFromContainers } from "@/lib/discovery/containers";
import type { ContainerSummary } from "@/lib/discovery/docker-watch";
import { mergeDiscovered } from "@/lib/discovery/merge";
import { graphErrors } from "@/lib/graph/validate";

function container(name: string, labels: Record<string, string>, state = "running"): ContainerSummary {
  return { Id: `${name}-id`, Names: [`/${name}`], Labels: labels, State: state, Status: "" };
}

const compose = (project: string, service: string, dependsOn = "", n = "1") => ({
  "com.docker.compose.project": project,
  "com.docker.compose.service": service,
  "com.docker.compose.container-number": n,
  "com.docker.compose.oneoff": "False",
  "com.docker.compose.depends_on": dependsOn,
});

const ALL = { compose: true, labels: true };

function fileConfig(yaml: string): Config {
  const r = parseConfig(yaml, {});
  if ("issues" in r) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

describe("servicesFromContainers", () => {
  it.each([
    {
      name: "a Compose project: ids, groups, graph, one-shot jobs",
      containers: [
        container("shop-db-1", compose("shop", "db")),
        container("shop-migrate-1", compose("shop", "migrate", "db:service_healthy:false")),
        container("shop-api-1", compose("shop", "api", "migrate:service_completed_successfully:false,db:service_healthy:true")),
        container("shop-api-2", compose("shop", "api", "db:service_healthy:true", "2")),
      ],
      rules: ALL,
      expected: [
        { id: "shop-api", name: "api", group: "shop", deps: ["shop-migrate", "shop-db"], completed: false },
        { id: "shop-db", name: "db", group: "shop", deps: [], completed: false },
        { id: "shop-migrate", name: "migrate", group: "shop", deps: ["shop-db"], completed: true },
        { id: "shop-api-2", name: "api", group: "shop", deps: ["shop-db"], completed: false },
      ],
    },
    {
      name: "labels: depwatch.* first, homepage.* as fallback, depwatch.enable=false and one-off runs skipped",
      containers: [
        container("a", { "depwatch.name": "Alpha", "homepage.name": "ignored", "homepage.group": "Home", "depwatch.depends-on": "b, c", "depwatch.optional": "d" }),
        container("b", { "homepage.name": "Beta", "depwatch.id": "Bee" }),
        container("off", { "depwatch.name": "Off", "depwatch.enable": "false" }),
        container("shop-run-1", { ...compose("shop", "api"), "com.docker.compose.oneoff": "True" }),
        container("bare", {}),
      ],
      rules: ALL,
      expected: [
        { id: "a", name: "Alpha", group: "Home", deps: ["b", "c", "d?"], completed: false },
        { id: "bee", name: "Beta", group: "discovered", deps: [], completed: false },
      ],
    },
    {
      name: "compose: false keeps only labelled containers (still named after their Compose service)",
      containers: [container("x-db-1", compose("x", "db")), container("x-web-1", { ...compose("x", "web"), "depwatch.group": "web" })],
      rules: { compose: false, labels: true },
      expected: [{ id: "x-web", name: "web", group: "web", deps: [], completed: false }],
    },
    {
      name: "labels: false keeps only Compose containers",
      containers: [container("x-db-1", compose("x", "db")), container("tagged", { "depwatch.group": "web" })],
      rules: { compose: true, labels: false },
      expected: [{ id: "x-db", name: "db", group: "x", deps: [], completed: false }],
    },
  ])("$name", ({ containers, rules, expected }) => {
    const found = servicesFromContainers(containers, rules).map(({ service: s }) => ({
      id: s.id,
      name: s.name,
      group: s.group,
      deps: s.dependsOn.map((d) => (d.optional ? `${d.id}?` : d.id)),
      completed: s.check.completed === true,
    }));
    expect(found).toEqual(expected);
  });

  it.each<{ labels: Record<string, string>; check: Record<string, unknown>; problems: number }>([
    { labels: { "depwatch.check": "http", "depwatch.url": "http://127.0.0.1:8080/health" }, check: { type: "http", url: "http://127.0.0.1:8080/health" }, problems: 0 },
    { labels: { "depwatch.check": "tcp", "depwatch.url": "not a url" }, check: { type: "docker", container: "svc" }, problems: 1 },
    { labels: { "depwatch.check": "nope" }, check: { type: "docker", container: "svc" }, problems: 1 },
  ])("labels $labels make a $check.type check", ({ labels, check, problems }) => {
    const [found] = servicesFromContainers([container("svc", labels)], ALL);
    expect(found?.service.check).toMatchObject(check);
    expect(found?.problems).toHaveLength(problems);
  });

  it.each([
    ["db:service_healthy:false,cache:service_started:true", [{ service: "db", condition: "service_healthy" }, { service: "cache", condition: "service_started" }]],
    ["", []],
    ["db", [{ service: "db", condition: "service_started" }]],
  ])("reads the depends_on label %j", (label, expected) => {
    expect(parseComposeDependsOn(label)).toEqual(expected);
  });
});

describe("mergeDiscovered", () => {
  const file = fileConfig("services:\n  - { id: db, check: { type: tcp, url: 'tcp://127.0.0.1:5432' } }\n");

  it("lets the file win on an id, drops unknown dependencies and cuts discovered cycles", () => {
    const found = servicesFromContainers(
      [
        container("db", { "depwatch.name": "imposter" }),
        container("a", { "depwatch.depends-on": "b,db,ghost" }),
        container("b", { "depwatch.depends-on": "a" }),
      ],
      ALL,
    ).map((f) => f.service);
    const { config, dropped } = mergeDiscovered(file, found);
    expect(config.services.map((s) => [s.id, s.name, s.dependsOn.map((d) => d.id)])).toEqual([
      ["db", "db", []],
      ["a", "a", ["db"]],
      ["b", "b", ["a"]],
    ]);
    expect(graphErrors(config.services)).toEqual([]);
    expect(dropped).toEqual([
      "db: defined in the config file, which wins",
      "a: dependency ghost left out (no such service)",
      "a: dependencies b left out (dependency cycle: a → b → a)",
    ]);
  });
});

describe("import compose and live discovery together", () => {
  it("give a Compose project's containers the same ids, so the imported file wins over discovery", () => {
    const read = readComposeFile("name: shop\nservices:\n  db:\n    image: postgres\n  api:\n    image: api\n    depends_on: { db: { condition: service_healthy } }\n", { file: "/srv/shop/docker-compose.yml" });
    if ("issues" in read) throw new Error(JSON.stringify(read.issues));
    const file = fileConfig(composeToConfig(read.project, { source: "docker-compose.yml" }));
    const found = servicesFromContainers([container("shop-db-1", compose("shop", "db")), container("shop-api-1", compose("shop", "api", "db:service_healthy:false"))], ALL).map((f) => f.service);
    const { config, dropped } = mergeDiscovered(file, found);
    expect(config.services.map((s) => [s.id, s.discovered === undefined ? "file" : "discovered"])).toEqual([
      ["shop-db", "file"],
      ["shop-api", "file"],
    ]);
    expect(dropped).toEqual(["shop-api: defined in the config file, which wins", "shop-db: defined in the config file, which wins"]);
  });
});
