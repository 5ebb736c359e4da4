/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { languageLabels } from "./src/i18n/languageLabels.ts";

// The UI is served by Tauri from ../ui/dist: everything is bundled, nothing is
// fetched at run time. The domain templates live in core/templates and are
// imported from there at build time so the UI and core share one source.
export default defineConfig({
  base: "./",
  plugins: [languageLabels()],
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  server: {
    fs: { allow: [".."] },
    strictPort: true,
    port: 5173,
  },
  build: {
    outDir: "dist",
    target: "es2022",
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "node",
    // Whole screens render in happy-dom; on a busy 2-core machine some take over 5 s.
    testTimeout: 20_000,
  },
});
