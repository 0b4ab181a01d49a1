import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

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
  {
    // The domain core stays framework-free.
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "swr", "swr/*"], message: "lib/ is the framework-free core." },
      ] }],
    },
  },
  {
    // Client components never reach server modules.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@/lib/checks", "@/lib/checks/*", "@/lib/store", "@/lib/store/*", "@/lib/scheduler", "@/lib/scheduler/*", "@/lib/runtime", "@/lib/runtime/*", "node:*"], message: "components/ may not import server modules." },
      ] }],
    },
  },
];

export default config;
