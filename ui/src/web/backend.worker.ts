/// <reference lib="webworker" />
/**
 * The browser app's backend: cityaudit-core compiled to WebAssembly
 * (`ui/wasm-pkg/`, built by `scripts/build-web`), in a dedicated module worker
 * so its synchronous storage (SQLite on OPFS) and sync never block the page.
 * The logic is in `workerHost.ts`; this file only wires it to the module.
 *
 * Type-checked by `npm run typecheck:web`, which needs `ui/wasm-pkg/`.
 */
import init, { WebBackend } from "../../wasm-pkg/cityaudit_web.js";
import type { ToWorker } from "./protocol";
import { createWorkerHost } from "./workerHost";

/** The device profile database in the origin's private file system. */
const PROFILE = "cityaudit.sqlite";

declare const self: DedicatedWorkerGlobalScope;

const host = createWorkerHost(
  async () => {
    await init();
    return WebBackend.open(PROFILE);
  },
  (message) => self.postMessage(message),
  { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as number) },
);

self.addEventListener("message", (event: MessageEvent<ToWorker>) => host.receive(event.data));
host.open();
