/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { languageLabels } from "./src/i18n/languageLabels.ts";
import { precacheOf, renderServiceWorker } from "./src/web/precache.ts";

// The browser participant app: the same screens as the Tauri build, whose
// backend is core compiled to WebAssembly (`wasm-pkg/`, made by
// `scripts/build-web`) in a worker. Served by the sync server at /app/, and
// kept offline by the service worker this build writes (`web/sw.template.js`).
const BASE = "/app/";

/** Every file under `dir`, as paths relative to it with `/`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/** Writes `sw.js` listing every file of the finished build (public files included). */
function serviceWorker(): Plugin {
  return {
    name: "cityaudit-service-worker",
    apply: "build",
    writeBundle(options) {
      const dir = options.dir;
      if (!dir) throw new Error("the web build has no output folder");
      const files = filesUnder(dir).map((path) => ({
        path,
        digest: createHash("sha256")
          .update(readFileSync(join(dir, path)))
          .digest("hex"),
      }));
      const template = readFileSync(
        fileURLToPath(new URL("./web/sw.template.js", import.meta.url)),
        "utf8",
      );
      writeFileSync(join(dir, "sw.js"), renderServiceWorker(template, precacheOf(files, BASE)));
    },
  };
}

export default defineConfig({
  root: "web",
  base: BASE,
  cacheDir: "../node_modules/.vite-web",
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  worker: {
    format: "es",
  },
  plugins: [languageLabels(), serviceWorker()],
  build: {
    outDir: "../dist-web",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
  },
});
