import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../../api";
import { templateApi, type TemplateApi, type TemplatePreview } from "../../templateApi";
import { useI18n } from "../I18n";
import { TemplateChanges } from "./TemplateChanges";

/**
 * The audit's template as it keeps it: its version, how it differs from the
 * built-in INTEGRA template, its languages, and the workbook to download
 * (to adapt it for the next round or translate it).
 */
export function AuditTemplateCard({ api = templateApi }: { api?: TemplateApi }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api.auditTemplate().then(setPreview, (error: unknown) => setProblem(messageOf(error)));
  }, []);

  const download = async () => {
    setProblem(null);
    try {
      setSaved((await api.exportTemplate("audit")).path);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };

  return (
    <section class="card" aria-labelledby="audit-template-title" data-testid="audit-template">
      <h2 id="audit-template-title">{t("template.title")}</h2>
      {preview && <TemplateChanges preview={preview} />}
      <button
        type="button"
        class="button secondary"
        data-testid="audit-template-download"
        onClick={download}
      >
        {t("template.downloadAudit")}
      </button>
      {saved && (
        <p class="ok" role="status" dir="auto">
          {t("template.saved", { path: saved })}
        </p>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
