import { useState } from "preact/hooks";
import {
  addStatement,
  removeStatement,
  rewordStatement,
  wordingIn,
} from "../../logic/templateDraft";
import { languageName } from "../../logic/statementLanguage";
import type { TemplateApi, TemplatePreview, TemplateSet } from "../../templateApi";
import { useI18n } from "../I18n";
import { templateFailure } from "./TemplatePanel";

interface Props {
  /** The set to start from (the built-in one or the adapted one in use). */
  start: TemplatePreview;
  api: TemplateApi;
  /** The edited set, checked by core and ready for the new audit. */
  onChecked(preview: TemplatePreview): void;
}

/**
 * The template editor: each area's statements in one language at a time,
 * reworded, added (core numbers them) or removed; core checks the whole set
 * and says how it differs from the built-in one before the audit uses it.
 * Titles, photovoice texts and groups are edited in the workbook.
 */
export function TemplateEditor({ start, api, onChecked }: Props) {
  const { t, text, locale } = useI18n();
  const [draft, setDraft] = useState<TemplateSet>(start.template);
  const [language, setLanguage] = useState("en");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const languages = ["en", ...start.languages.map((l) => l.language)];

  const check = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const checked = await api.checkTemplate(draft);
      setDraft(checked.template);
      onChecked(checked);
    } catch (error) {
      setProblem(templateFailure(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="template-editor" data-testid="template-editor">
      <label class="field">
        <span>{t("template.editLanguage")}</span>
        <select
          value={language}
          data-testid="template-editor-language"
          onChange={(event) => setLanguage(event.currentTarget.value)}
        >
          {languages.map((tag) => (
            <option key={tag} value={tag}>
              {languageName(tag, locale)}
            </option>
          ))}
        </select>
      </label>
      {draft.checklist.sections.map((section, area) => (
        <section key={section.id} class="template-area" aria-labelledby={`template-area-${area}`}>
          <h3 id={`template-area-${area}`}>{text(section.title)}</h3>
          <ol class="template-statements">
            {section.items.map((item, index) => {
              const label = item.id
                ? t("template.statementLabel", { id: item.id })
                : t("template.newStatement");
              return (
                <li
                  key={`${item.id}-${index}`}
                  data-testid={`template-statement-${item.id || "new"}`}
                >
                  <label class="field">
                    <span>{label}</span>
                    <textarea
                      rows={2}
                      lang={language}
                      dir="auto"
                      placeholder={language === "en" ? "" : item.text.en}
                      value={wordingIn(item.text, language)}
                      onInput={(event) =>
                        setDraft(
                          rewordStatement(draft, area, index, language, event.currentTarget.value),
                        )
                      }
                    />
                  </label>
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() => setDraft(removeStatement(draft, area, index))}
                  >
                    {t("template.removeStatement", { id: item.id || t("template.newStatement") })}
                  </button>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            class="button secondary"
            data-testid={`template-add-${section.id}`}
            onClick={() => setDraft(addStatement(draft, area))}
          >
            {t("template.addStatement", { area: text(section.title) })}
          </button>
        </section>
      ))}
      {problem && (
        <p class="error" role="alert" data-testid="template-editor-problem">
          {problem}
        </p>
      )}
      <button
        type="button"
        class="button wide"
        disabled={busy}
        data-testid="template-check"
        onClick={check}
      >
        {t("template.check")}
      </button>
    </div>
  );
}
