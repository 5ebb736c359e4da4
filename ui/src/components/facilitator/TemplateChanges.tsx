import type { TemplatePreview } from "../../templateApi";
import { languageName } from "../../logic/statementLanguage";
import { useI18n } from "../I18n";

/**
 * How a template differs from the built-in INTEGRA one, as core worked it
 * out: each text added, removed or reworded with its words before and now,
 * the languages added or removed, and which languages are reviewed.
 */
export function TemplateChanges({ preview }: { preview: TemplatePreview }) {
  const { t, number, locale } = useI18n();
  const { diff, template } = preview;
  const names = (tags: string[]) => tags.map((tag) => languageName(tag, locale)).join(", ");
  return (
    <div class="template-changes" data-testid="template-changes">
      <p data-testid="template-version">
        {!preview.adapted
          ? t("template.builtin", { version: number(template.checklist.version) })
          : t("template.adapted", {
              id: template.checklist.id,
              version: number(template.checklist.version),
              builtin: number(preview.builtinVersion),
            })}
      </p>
      {diff.changes.length === 0 &&
      diff.languagesAdded.length === 0 &&
      diff.languagesRemoved.length === 0 ? (
        <p data-testid="template-unchanged">{t("template.unchanged")}</p>
      ) : (
        <>
          <h3>{t("template.changes", { count: diff.changes.length })}</h3>
          <ul class="template-change-list">
            {diff.changes.map((change) => (
              <li
                key={`${change.change}-${change.kind}-${change.id}`}
                data-testid={`template-change-${change.change}-${change.id || change.kind}`}
              >
                <strong>{t(`template.change.${change.change}`)}</strong>{" "}
                {t(`template.kind.${change.kind}`)}{" "}
                {change.id && <code dir="ltr">{change.id}</code>}
                {change.before !== null && change.change !== "added" && (
                  <p class="hint" dir="auto">
                    {t("template.before", { text: change.before })}
                  </p>
                )}
                {change.after !== null && change.change !== "removed" && (
                  <p dir="auto">{t("template.after", { text: change.after })}</p>
                )}
              </li>
            ))}
          </ul>
          {diff.languagesAdded.length > 0 && (
            <p data-testid="template-languages-added">
              {t("template.languagesAdded", { languages: names(diff.languagesAdded) })}
            </p>
          )}
          {diff.languagesRemoved.length > 0 && (
            <p>{t("template.languagesRemoved", { languages: names(diff.languagesRemoved) })}</p>
          )}
        </>
      )}
      {preview.languages.length > 0 && (
        <>
          <h3>{t("template.languages")}</h3>
          <ul class="template-languages" data-testid="template-languages">
            {preview.languages.map(({ language, reviewed }) => (
              <li key={language}>
                {t(reviewed ? "template.languageReviewed" : "template.languageUnreviewed", {
                  language: languageName(language, locale),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
