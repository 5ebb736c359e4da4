import { render } from "preact";
import { App } from "./components/App";
import "./styles.css";

async function main() {
  // In `vite dev` outside the Tauri shell, an in-memory backend stands in.
  // Production builds drop this branch, and the mock with it.
  if (import.meta.env.DEV && !window.__TAURI__) {
    const { installMockBackend } = await import("./dev/mockBackend");
    installMockBackend();
  }
  const root = document.getElementById("app");
  if (root) render(<App />, root);
}

void main();
