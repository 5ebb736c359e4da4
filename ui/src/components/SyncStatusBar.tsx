import type { SyncStatus } from "../api";
import { canSyncNow, statusKey } from "../logic/sync";
import { useI18n } from "./I18n";

interface Props {
  status: SyncStatus | null;
  /** A failure of the status call or of "Sync now" itself. */
  problem: string | null;
  onSyncNow(): void;
}

/** Always on screen: is the work on this device sent, and a button to send it now. */
export function SyncStatusBar({ status, problem, onSyncNow }: Props) {
  const { t, format } = useI18n();
  const state = status?.state ?? "unknown";
  const error = status?.state === "error" ? status.lastError : null;
  return (
    <section class="sync-bar" data-state={state} aria-label={t("sync.label")}>
      <div class="sync-text">
        <p class="sync-state" data-testid="sync-state" data-state={state} role="status">
          <span class="sync-dot" aria-hidden="true" />
          {t(status ? statusKey(status) : "sync.state.unknown")}
        </p>
        <p class="sync-details">
          <span data-testid="sync-pending" data-count={status?.pendingChanges ?? 0}>
            {t("sync.pending", { count: status?.pendingChanges ?? 0 })}
          </span>
          {(status?.pendingDownloads ?? 0) > 0 && (
            <span data-testid="sync-downloads" data-count={status?.pendingDownloads}>
              {t("sync.downloads", { count: status?.pendingDownloads ?? 0 })}
            </span>
          )}
          {status?.lastSyncAt != null && (
            <span class="sync-last" data-testid="sync-last">
              {t("sync.last", { time: format.moment(status.lastSyncAt, Date.now()) })}
            </span>
          )}
        </p>
        {(error || problem) && (
          <p class="sync-error" data-testid="sync-error" role="alert">
            {error ?? problem}
          </p>
        )}
      </div>
      <button
        type="button"
        class="button sync-now"
        data-testid="sync-now"
        disabled={!canSyncNow(status)}
        onClick={onSyncNow}
      >
        {t("sync.now")}
      </button>
    </section>
  );
}
