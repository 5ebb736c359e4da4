import { useState } from "preact/hooks";
import { messageOf } from "../../api";
import { facilitatorApi, type ReportText } from "../../facilitatorApi";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { useLoad } from "./useLoad";

const TEXTS: ReportText[] = ["cityContext", "deskResearch", "focusGroups"];

/** The report's texts that only the city can write: its context, desk research, focus groups. */
export function ReportTexts({ auditId }: { auditId: string }) {
  const { t } = useI18n();
  const loaded = useLoad(facilitatorApi.records, [auditId]);
  return (
    <section class="card" aria-labelledby="report-texts">
      <h2 id="report-texts">{t("report.texts")}</h2>
      <p class="hint">{t("report.textsHint")}</p>
      <LoadState loaded={loaded}>
        {(records) => (
          <>
            {TEXTS.map((which) => (
              <ReportTextField key={which} which={which} initial={records[which]} />
            ))}
          </>
        )}
      </LoadState>
    </section>
  );
}

function ReportTextField({ which, initial }: { which: ReportText; initial: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const [state, setState] = useState<"idle" | "saving" | "saved" | { failed: string }>("idle");
  const save = async () => {
    setState("saving");
    try {
      await facilitatorApi.setReportText({ which, text: value });
      setState("saved");
    } catch (error) {
      setState({ failed: messageOf(error) });
    }
  };
  return (
    <div class="report-text">
      <label class="field">
        <span class="label">{t(`report.text.${which}`)}</span>
        <textarea
          rows={4}
          dir="auto"
          value={value}
          data-testid={`report-text-${which}`}
          onInput={(event) => {
            setValue(event.currentTarget.value);
            setState("idle");
          }}
        />
      </label>
      <div class="button-row">
        <button
          type="button"
          class="button primary"
          disabled={state === "saving"}
          data-testid={`report-text-save-${which}`}
          onClick={save}
        >
          {t("facilitator.save")}
        </button>
        {state === "saved" && (
          <span class="ok" role="status" data-testid={`report-text-saved-${which}`}>
            {t("facilitator.saved")}
          </span>
        )}
        {typeof state === "object" && (
          <span class="error" role="alert" data-testid={`report-text-error-${which}`}>
            {t("facilitator.saveFailed", { message: state.failed })}
          </span>
        )}
      </div>
    </div>
  );
}
