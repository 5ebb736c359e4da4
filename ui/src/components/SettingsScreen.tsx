import type { AuditView, Session } from "../api";
import { extraTemplateLanguages, ownName } from "../logic/statementLanguage";
import { LanguagePicker } from "./LanguagePicker";
import { useI18n } from "./I18n";

interface Props {
  session: Session;
  audit: AuditView | null;
  language: string | null;
  languageProblem: string | null;
  onLanguageChange(language: string | null): void;
  /** A template language the screens lack, chosen for the statements; null: the app's language. */
  statementLanguage: string | null;
  onStatementLanguageChange(tag: string | null): void;
}

/** The language, and who and where this device is joined as. */
export function SettingsScreen({
  session,
  audit,
  language,
  languageProblem,
  onLanguageChange,
  statementLanguage,
  onStatementLanguageChange,
}: Props) {
  const { t, text, format, name } = useI18n();
  const extra = extraTemplateLanguages(audit);
  const group = audit?.groups.find((g) => g.id === session.group);
  return (
    <div class="screen settings-screen">
      <header class="screen-header">
        <h1>{t("settings.title")}</h1>
      </header>
      <section class="card">
        <LanguagePicker value={language} onChange={onLanguageChange} testId="language-select" />
        {languageProblem && (
          <p class="error" role="alert" data-testid="language-error">
            {languageProblem}
          </p>
        )}
        {extra.length > 0 && (
          <label class="field">
            <span>{t("settings.statementLanguage")}</span>
            <select
              data-testid="statement-language-select"
              value={
                statementLanguage && extra.includes(statementLanguage) ? statementLanguage : ""
              }
              onChange={(event) => onStatementLanguageChange(event.currentTarget.value || null)}
            >
              <option value="">{t("settings.statementLanguageSame", { language: name })}</option>
              {extra.map((tag) => (
                <option key={tag} value={tag} lang={tag}>
                  {ownName(tag)}
                </option>
              ))}
            </select>
            <span class="hint">{t("settings.statementLanguageHint", { language: name })}</span>
          </label>
        )}
      </section>
      <section class="card" aria-labelledby="settings-you">
        <h2 id="settings-you">{t("settings.you")}</h2>
        <p data-testid="settings-name">{t("settings.name", { name: session.displayName })}</p>
        <p>{t("settings.group", { group: group ? text(group.label) : session.group })}</p>
        <p>{t("settings.role", { role: t(`settings.role.${session.role}`) })}</p>
      </section>
      {audit && (
        <section class="card" aria-labelledby="settings-audit">
          <h2 id="settings-audit">{t("settings.audit")}</h2>
          <p data-testid="settings-audit-title">
            {t("settings.auditTitle", { title: audit.title, city: audit.city })}
          </p>
          {(audit.startsOn || audit.endsOn) && (
            <p>
              {t("settings.dates", {
                from: format.isoDay(audit.startsOn),
                to: format.isoDay(audit.endsOn),
              })}
            </p>
          )}
          {audit.meetingPoint && <p>{t("settings.meetingPoint", { place: audit.meetingPoint })}</p>}
          <p class="server">
            {t("settings.server")}: <bdi dir="ltr">{session.serverUrl}</bdi>
          </p>
        </section>
      )}
    </div>
  );
}
