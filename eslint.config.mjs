import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

// The layers of lib/ (ARCHITECTURE.md, "Layers"): a folder (or a file directly in lib/) may
// import only from layers below its own. scripts/lib-cycles.ts proves no folder cycle remains.
const LAYERS = [
  ["model"],
  ["units", "log", "status", "errors", "auth"],
  ["checks", "graph", "store"],
  ["config"],
  ["scheduler", "metrics", "demo", "discovery", "incidents", "notify", "maintenance"],
  ["runtime"],
  ["api", "cli"],
  ["share"],
  ["cluster"],
  ["boot"],
];

const FRAMEWORK = { group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "swr", "swr/*"], message: "lib/ is the framework-free core." };
const LEAVES = new Set(["model", "units", "log", "status", "errors"]);

/** Import patterns that name a lib/ folder or leaf file. */
function libPatterns(unit) {
  return LEAVES.has(unit) ? [`@/lib/${unit}`] : [`@/lib/${unit}`, `@/lib/${unit}/*`];
}

const layerRules = LAYERS.flatMap((layer, rank) =>
  layer.map((unit) => {
    const above = LAYERS.slice(rank).flat().filter((u) => u !== unit);
    const patterns = [FRAMEWORK];
    if (above.length > 0) patterns.push({ group: above.flatMap(libPatterns), message: `lib/${unit} may import only from lower layers (ARCHITECTURE.md, "Layers").` });
    return {
      files: LEAVES.has(unit) ? [`lib/${unit}.ts`] : [`lib/${unit}/**/*.ts`],
      rules: { "no-restricted-imports": ["error", { patterns }] },
    };
  }),
);

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next*/**", "node_modules/**", "data/**", "bench/results/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layerRules,
  {
    // Pages and route handlers are thin adapters over lib/api, lib/runtime, lib/share and lib/auth.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@/lib/checks", "@/lib/checks/*", "@/lib/config", "@/lib/config/*", "@/lib/graph", "@/lib/graph/*", "@/lib/scheduler", "@/lib/scheduler/*", "@/lib/store", "@/lib/store/*", "@/lib/metrics", "@/lib/metrics/*", "@/lib/demo", "@/lib/demo/*", "@/lib/cli", "@/lib/cli/*"], message: "app/ goes through lib/api (or the engine in lib/runtime), never the lower layers." },
      ] }],
    },
  },
  {
    // Client components see the API's shapes as types only, plus the framework-free leaves.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [
        { group: ["@/lib/*", "!@/lib/model", "!@/lib/status", "!@/lib/units", "!@/lib/api"], message: "components/ may import only lib/model, lib/status, lib/units and the types of lib/api/shapes." },
        { group: ["@/lib/api/*", "!@/lib/api/shapes"], message: "components/ may import only the types of lib/api/shapes." },
        { group: ["@/lib/api/shapes"], allowTypeImports: true, message: "lib/api/shapes is imported as types only (import type)." },
        { group: ["node:*"], message: "components/ run in the browser." },
      ] }],
    },
  },
];

export default config;
