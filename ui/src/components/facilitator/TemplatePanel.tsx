import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api";
import {
  templateApi,
  type TemplateApi,
  type TemplatePreview,
  type TemplateProblem,
} from "../../templateApi";
import type { Translator } from "../../i18n";
import { useI18n } from "../I18n";
import { TemplateChanges } from "./TemplateChanges";
import { TemplateEditor } from "./TemplateEditor";

/** A refused template in words: where (sheet, row, column, or the text) and what. */
export function templateProblemText(t: Translator["t"], problem: TemplateProblem): string {
  const { sheet, row, column, kind, id } = problem;
  const place =
    sheet && row !== null && column
      ? t("template.place.cell", { sheet, row, column })
      : sheet && row !== null
        ? t("template.place.row", { sheet, row })
        : kind
          ? t("template.place.text", { kind: t(`template.kind.${kind}`), id: id ?? "" }).trim()
          : sheet
            ? t("template.place.sheet", { sheet })
            : t("template.place.file");
  const what = t(`template.problem.${problem.problem}`, {
    max: problem.max ?? "",
    found: problem.found ?? "",
  });
  return t("template.refused", { place, problem: what });
}

/** A failure's text; a refused template names its row. */
export function templateFailure(t: Translator["t"], error: unknown): string {
  if (error instanceof ApiError && error.code === "template_invalid" && error.details) {
    return templateProblemText(t, error.details as TemplateProblem);
  }
  return messageOf(error);
}

interface Props {
  /** The adapted template chosen for the new audit; null: the built-in one. */
  value: TemplatePreview | null;
  onChange(value: TemplatePreview | null): void;
  api?: TemplateApi;
}

/**
 * The new audit's template on the Prepare form: the built-in INTEGRA one,
 * or one the city adapted in the spreadsheet (downloaded, edited or
 * translated, imported) or in the editor. Core reads and checks the file,
 * all or nothing, and names the row of the first problem.
 */
export function TemplatePanel({ value, onChange, api = templateApi }: Props) {
  const { t } = useI18n();
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [builtin, setBuiltin] = useState<TemplatePreview | null>(null);

  useEffect(() => {
    api.builtinTemplate().then(setBuiltin, (error: unknown) => setProblem(messageOf(error)));
  }, []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    setNote(null);
    try {
      await work();
    } catch (error) {
      setProblem(templateFailure(t, error));
    } finally {
      setBusy(false);
    }
  };

  const download = () =>
    run(async () => {
      const result = await api.exportTemplate("builtin");
      setSaved(result.path);
    });

  const importFile = (file: File | undefined) => {
    if (!file) return;
    void run(async () => {
      onChange(await api.readTemplateFile(file));
      setNote(t("template.imported"));
    });
  };

  return (
    <fieldset class="template-panel" data-testid="template-panel">
      <legend>{t("template.title")}</legend>
      <p class="hint">{t("template.explain")}</p>
      {value ? (
        <TemplateChanges preview={value} />
      ) : (
        builtin && (
          <p data-testid="template-builtin">
            {t("template.builtin", { version: builtin.template.checklist.version })}
          </p>
        )
      )}
      <div class="button-row">
        <button
          type="button"
          class="button secondary"
          disabled={busy}
          data-testid="template-download"
          onClick={download}
        >
          {t("template.download")}
        </button>
        <label class="file-pick">
          {t("template.import")}
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            data-testid="template-import"
            onChange={(event) => {
              const input = event.currentTarget;
              importFile(input.files?.[0]);
              input.value = "";
            }}
          />
        </label>
        <button
          type="button"
          class="button secondary"
          aria-expanded={editing}
          data-testid="template-edit"
          onClick={() => setEditing(!editing)}
        >
          {editing ? t("template.editClose") : t("template.edit")}
        </button>
        {value && (
          <button
            type="button"
            class="button secondary"
            data-testid="template-use-builtin"
            onClick={() => {
              onChange(null);
              setEditing(false);
            }}
          >
            {t("template.useBuiltin")}
          </button>
        )}
      </div>
      {saved && (
        <p class="ok" role="status" data-testid="template-saved" dir="auto">
          {t("template.saved", { path: saved })}
        </p>
      )}
      {note && (
        <p class="ok" role="status" data-testid="template-note">
          {note}
        </p>
      )}
      {problem && (
        <p class="error" role="alert" data-testid="template-problem">
          {problem}
        </p>
      )}
      {editing && (value ?? builtin) && (
        <TemplateEditor
          start={(value ?? builtin) as TemplatePreview}
          api={api}
          onChecked={(checked) => {
            onChange(checked);
            setNote(t("template.checked"));
          }}
        />
      )}
    </fieldset>
  );
}
