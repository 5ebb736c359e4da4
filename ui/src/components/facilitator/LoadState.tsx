import type { ComponentChildren } from "preact";
import { useI18n } from "../I18n";
import type { Loaded } from "./useLoad";

/** Shows the loaded data, else why it failed (with a retry), else "loading". */
export function LoadState<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children(data: T): ComponentChildren;
}) {
  const { t } = useI18n();
  if (loaded.data !== null) {
    return (
      <>
        {loaded.problem && (
          <p class="error" role="alert" data-testid="facilitator-problem">
            {t("facilitator.loadFailed", { message: loaded.problem })}
          </p>
        )}
        {children(loaded.data)}
      </>
    );
  }
  if (loaded.problem) {
    return (
      <div class="card problem" role="alert" data-testid="facilitator-problem">
        <p class="error">{t("facilitator.loadFailed", { message: loaded.problem })}</p>
        <button
          type="button"
          class="button primary"
          data-testid="facilitator-retry"
          onClick={loaded.reload}
        >
          {t("app.retry")}
        </button>
      </div>
    );
  }
  return <p class="loading">{t("app.loading")}</p>;
}
