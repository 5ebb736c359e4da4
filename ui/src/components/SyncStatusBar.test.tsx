// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import type { SyncStatus } from "../api";
import { createTranslator } from "../i18n";
import { I18nProvider } from "./I18n";
import { SyncStatusBar } from "./SyncStatusBar";

const container = document.createElement("div");
document.body.append(container);
afterEach(() => act(() => render(null, container)));

const status = (patch: Partial<SyncStatus>): SyncStatus => ({
  state: "upToDate",
  pendingChanges: 0,
  uploads: [],
  pendingDownloads: 0,
  lastSyncAt: 1_700_000_000_000,
  lastError: null,
  ...patch,
});

async function show(value: SyncStatus) {
  await act(() =>
    render(
      <I18nProvider translator={createTranslator("en")}>
        <SyncStatusBar status={value} problem={null} onSyncNow={() => undefined} />
      </I18nProvider>,
      container,
    ),
  );
}
const downloads = () => container.querySelector<HTMLElement>('[data-testid="sync-downloads"]');

describe("SyncStatusBar", () => {
  it("says how many photos are still to download", async () => {
    await show(status({ pendingDownloads: 2 }));
    expect(downloads()!.dataset.count).toBe("2");
    expect(downloads()!.textContent).toBe("Photos to download: 2");
  });

  it("says nothing of downloads when none are pending", async () => {
    await show(status({}));
    expect(downloads()).toBeNull();
  });
});
