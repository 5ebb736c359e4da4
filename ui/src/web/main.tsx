/**
 * The browser participant app's entry (`web/index.html`, `npm run build:web`):
 * the same `App` as the Tauri build, with core in a worker as its backend,
 * a service worker for offline use, the invite read from `/app/join?code=…`,
 * and persistent storage asked for.
 */
import { render } from "preact";
import { installTransport } from "../api";
import { App } from "../components/App";
import { appHomeOf, inviteOfPage } from "../logic/joinLink";
import "../styles.css";
import { storageMayBeCleared } from "./storage";
import { createWebTransport } from "./transport";
import { createWorkerClient, type WorkerPort } from "./workerClient";

function startBackend() {
  const worker = new Worker(new URL("./backend.worker.ts", import.meta.url), {
    type: "module",
    name: "cityaudit-backend",
  });
  const client = createWorkerClient(worker as unknown as WorkerPort);
  installTransport(createWebTransport(client, navigator.geolocation));
  window.addEventListener("online", () => client.online());
}

function registerServiceWorker() {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const base = import.meta.env.BASE_URL;
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base, updateViaCache: "none" })
    .catch((error: unknown) => console.warn("cityaudit: no offline copy of the app:", error));
}

/** Once joined, the address is the app's home, not the invite (a reload must not join again). */
function leaveInviteAddress() {
  const page = new URL(window.location.href);
  if (inviteOfPage(page) === null && !page.pathname.endsWith("/join")) return;
  window.history.replaceState(null, "", appHomeOf(page) + page.hash);
}

function main() {
  startBackend();
  registerServiceWorker();
  const invite = inviteOfPage(new URL(window.location.href));
  const root = document.getElementById("app");
  if (root) {
    render(
      <App
        inviteLink={invite?.link ?? null}
        onJoined={leaveInviteAddress}
        storageAtRisk={storageMayBeCleared(navigator.storage)}
      />,
      root,
    );
  }
}

main();
