import { facilitatorApi, type ReportText } from "../../facilitatorApi";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { TextField } from "./RecordFields";
import { useLoad } from "./useLoad";

const TEXTS: ReportText[] = ["cityContext", "deskResearch", "focusGroups"];

/**
 * The report's texts that only the city can write: its context, and notes
 * beside the desk research and focus group records. They save as the
 * facilitator types, like every other record.
 */
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
              <TextField
                key={which}
                multiline
                label={t(`report.text.${which}`)}
                value={records[which]}
                testId={`report-text-${which}`}
                save={async (value) => {
                  await facilitatorApi.setReportText({
                    which,
                    text: typeof value === "string" ? value : "",
                  });
                }}
              />
            ))}
          </>
        )}
      </LoadState>
    </section>
  );
}
