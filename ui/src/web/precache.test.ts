import { describe, expect, it } from "vitest";
import template from "../../web/sw.template.js?raw";
import { hashText, precacheOf, renderServiceWorker, type BuiltFile } from "./precache";

const build: BuiltFile[] = [
  { path: "index.html", digest: "aa" },
  { path: "assets/index-CX6hRyUz.js", digest: "bb" },
  { path: "assets/backend.worker-DnJmlvdZ.js", digest: "cc" },
  { path: "assets/cityaudit_web_bg-BYieBQW-.wasm", digest: "dd" },
  { path: "assets/index-CX6hRyUz.js.map", digest: "ee" },
  { path: "icons/icon-192.png", digest: "ff" },
  { path: "manifest.webmanifest", digest: "11" },
  { path: "sw.js", digest: "22" },
];

describe("the service worker's precache list", () => {
  it("lists every file of the build under the base, sorted, without sw.js and source maps", () => {
    expect(precacheOf(build, "/app/").urls).toEqual([
      "/app/assets/backend.worker-DnJmlvdZ.js",
      "/app/assets/cityaudit_web_bg-BYieBQW-.wasm",
      "/app/assets/index-CX6hRyUz.js",
      "/app/icons/icon-192.png",
      "/app/index.html",
      "/app/manifest.webmanifest",
    ]);
  });

  it("keeps the map's chunk, loaded only when a map opens, so a map opens offline", () => {
    const withMap = [
      ...build,
      { path: "assets/leafletRenderer-446soAiW.js", digest: "33" },
      { path: "assets/leafletRenderer-BhwrvZQ9.css", digest: "44" },
      { path: "assets/layers-BWBAp2CZ.png", digest: "55" },
    ];
    expect(precacheOf(withMap, "/app/").urls).toEqual(
      expect.arrayContaining([
        "/app/assets/leafletRenderer-446soAiW.js",
        "/app/assets/leafletRenderer-BhwrvZQ9.css",
        "/app/assets/layers-BWBAp2CZ.png",
      ]),
    );
  });

  it("does not depend on the order files were found in, nor on Windows separators", () => {
    const reversed = [...build].reverse().map((f) => ({ ...f, path: f.path.replace("/", "\\") }));
    expect(precacheOf(reversed, "/app")).toEqual(precacheOf(build, "/app/"));
  });

  it("escapes names for URLs", () => {
    expect(precacheOf([{ path: "icons/a b#1.png", digest: "x" }], "/app/").urls).toEqual([
      "/app/icons/a%20b%231.png",
    ]);
  });

  it("gets a new version when a file's content, name or presence changes, and only then", () => {
    const version = precacheOf(build, "/app/").version;
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(precacheOf([...build], "/app/").version).toBe(version);
    const changedManifest = build.map((f) =>
      f.path === "manifest.webmanifest" ? { ...f, digest: "12" } : f,
    );
    expect(precacheOf(changedManifest, "/app/").version).not.toBe(version);
    expect(precacheOf(build.slice(1), "/app/").version).not.toBe(version);
    // The service worker and source maps are not kept, so they do not make a new cache.
    const changedMap = build.map((f) => (f.path.endsWith(".map") ? { ...f, digest: "ef" } : f));
    expect(precacheOf(changedMap, "/app/").version).toBe(version);
  });

  it("hashes text with 64-bit FNV-1a", () => {
    expect(hashText("")).toBe("cbf29ce484222325");
    expect(hashText("a")).toBe("af63dc4c8601ec8c");
  });
});

describe("the generated service worker", () => {
  it("carries the list and the versioned cache name", () => {
    const precache = precacheOf(build, "/app/");
    const sw = renderServiceWorker(template, precache);
    expect(sw).toContain(`const VERSION = "${precache.version}";`);
    expect(sw).toContain('"/app/assets/cityaudit_web_bg-BYieBQW-.wasm"');
    expect(sw).not.toContain("__PRECACHE__");
    expect(sw).not.toContain("__VERSION__");
    const list = /const PRECACHE = (\[[^\]]*\]);/.exec(sw)?.[1];
    expect(JSON.parse(list ?? "null")).toEqual(precache.urls);
  });

  it("never answers the sync API from a cache, and drops old caches", () => {
    expect(template).toMatch(/pathname\.includes\("\/v1\/"\)\) return;/);
    expect(template).toMatch(/caches\.delete\(name\)/);
  });

  it("refuses a template without its placeholders", () => {
    expect(() => renderServiceWorker("self.x = 1;", precacheOf(build, "/app/"))).toThrow(
      /__PRECACHE__/,
    );
  });
});
