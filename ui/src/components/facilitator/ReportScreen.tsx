import { useState } from "preact/hooks";
import { messageOf, type AuditView } from "../../api";
import { facilitatorApi, type ExportFormat, type ExportResult } from "../../facilitatorApi";
import { LANGUAGE_INFO, languageInfo } from "../../logic/i18n";
import { useI18n } from "../I18n";
import { ReportTexts } from "./ReportTexts";

const FORMATS: ExportFormat[] = ["html", "md", "csv", "problems", "geojson", "zip"];
/** A benchmark self-assessment has no walk data to export: only its report. */
const BENCHMARK_FORMATS: ExportFormat[] = ["html", "md"];

/**
 * The City Audit Report and the data exports, one button each; says where
 * each file went. The report's language is the facilitator's choice, the
 * UI's language at first; core writes the report (and refuses a language it
 * has no words for).
 */
export function ReportScreen({ audit }: { audit: AuditView }) {
  const { t, number, language } = useI18n();
  const [reportLanguage, setReportLanguage] = useState(language);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [saved, setSaved] = useState<Partial<Record<ExportFormat, ExportResult>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setProblem(null);
    try {
      const result = await facilitatorApi.export(format, reportLanguage);
      setSaved((s) => ({ ...s, [format]: result }));
    } catch (error) {
      setProblem(t("report.failed", { message: messageOf(error) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="screen report-screen">
      <header class="screen-header">
        <h1>{t("report.title")}</h1>
        <p class="hint">{t("report.intro", { title: audit.title })}</p>
      </header>
      {!audit.benchmark && <ReportTexts auditId={audit.id} />}
      {problem && (
        <p class="error card" role="alert" data-testid="export-error">
          {problem}
        </p>
      )}
      <ReportLanguage value={reportLanguage} onChange={setReportLanguage} />
      <ul class="export-list">
        {(audit.benchmark ? BENCHMARK_FORMATS : FORMATS).map((format) => {
          const result = saved[format];
          return (
            <li key={format} class="card export-item">
              <h2>{t(`report.format.${format}`)}</h2>
              <p class="hint">{t(`report.about.${format}`)}</p>
              <button
                type="button"
                class="button primary wide"
                disabled={busy !== null}
                data-testid={`export-${format}`}
                onClick={() => run(format)}
              >
                {busy === format ? t("report.exporting") : t("report.export")}
              </button>
              {result && (
                <p class="ok" role="status" data-testid={`export-result-${format}`}>
                  {t("report.saved", {
                    path: result.path,
                    size: number(result.bytes / 1024, { maximumFractionDigits: 0 }),
                  })}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The report's language: each language named in itself; a draft one says it is machine-drafted. */
function ReportLanguage(props: { value: string; onChange(language: string): void }) {
  const { t } = useI18n();
  const chosen = languageInfo(props.value);
  return (
    <div class="field card report-language">
      <label class="label" for="report-language">
        {t("report.language")}
      </label>
      <select
        id="report-language"
        data-testid="report-language"
        value={props.value}
        aria-describedby="report-language-hint"
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {LANGUAGE_INFO.map((language) => (
          <option key={language.code} value={language.code} lang={language.code} dir={language.dir}>
            {language.name}
          </option>
        ))}
      </select>
      <p class="hint" id="report-language-hint">
        {t("report.languageHint")} {t("report.languageExports")}
        {!chosen.reviewed && (
          <span data-testid="report-language-draft"> {t("report.languageDraft")}</span>
        )}
      </p>
    </div>
  );
}
