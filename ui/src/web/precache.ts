/**
 * What the browser app's service worker keeps for offline use: every file of
 * the web build, listed at build time (`vite.web.config.ts`) and written into
 * `sw.js`, whose cache is named after a hash of that list and the files'
 * digests, so any changed file makes a new cache and the old one is dropped.
 *
 * Pure functions, for the build and its tests.
 */

/** A file of the build: its path under the output folder and a digest of its content. */
export interface BuiltFile {
  path: string;
  digest: string;
}

export interface Precache {
  /** URLs to fetch and keep, e.g. `/app/assets/index-3f2a.js`. */
  urls: string[];
  /** Names the cache; changes whenever a file, its name or its content does. */
  version: string;
}

/** The service worker itself (the browser keeps it) and source maps (not needed offline). */
function kept(path: string): boolean {
  const name = path.split("/").pop() ?? "";
  return path !== "sw.js" && !name.startsWith(".") && !name.endsWith(".map");
}

export function precacheOf(files: BuiltFile[], base: string): Precache {
  const root = base.endsWith("/") ? base : `${base}/`;
  const entries = files
    .map((file) => ({ ...file, path: file.path.replace(/\\/g, "/").replace(/^\.?\//, "") }))
    .filter((file) => kept(file.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const list = entries.map((file) => `${file.path} ${file.digest}\n`).join("");
  return {
    urls: entries.map((file) => root + file.path.split("/").map(encodeURIComponent).join("/")),
    version: hashText(list),
  };
}

const PRECACHE_MARK = '"__PRECACHE__"';
const VERSION_MARK = "__VERSION__";

/** The service worker of the build: the template with the list and version filled in. */
export function renderServiceWorker(template: string, precache: Precache): string {
  if (!template.includes(PRECACHE_MARK) || !template.includes(VERSION_MARK)) {
    throw new Error(`the service worker template lacks ${PRECACHE_MARK} or ${VERSION_MARK}`);
  }
  return template
    .replace(PRECACHE_MARK, JSON.stringify(precache.urls, null, 2))
    .replaceAll(VERSION_MARK, precache.version);
}

/** 64-bit FNV-1a of the text's UTF-16 code units, as 16 hex digits. */
export function hashText(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}
