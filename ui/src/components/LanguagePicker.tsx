import labels from "virtual:cityaudit-language-labels";
import { LANGUAGE_INFO, languageInfo, resolveLanguage } from "../logic/i18n";
import { useI18n } from "./I18n";

interface Props {
  /** The chosen language, or null to follow the system. */
  value: string | null;
  onChange(language: string | null): void;
  testId: string;
}

/**
 * System, English, Български, العربية, Čeština…: each language named in
 * itself (languages.json). Under it, while the language in use is a machine
 * draft that no native speaker has reviewed, a small note says so. The label
 * also says "Language" in the other languages, whose catalogues need not be
 * loaded: those words are built in (i18n/languageLabels.ts).
 */
export function LanguagePicker({ value, onChange, testId }: Props) {
  const { t, language: current, reviewed } = useI18n();
  const id = `${testId}-input`;
  const systemLanguage = resolveLanguage(null, navigator.languages ?? [navigator.language]);
  // "Language" in the other languages too, so someone who cannot read this one finds the picker.
  const otherNames = [
    ...new Set(
      LANGUAGE_INFO.filter(({ code }) => code !== current)
        .map(({ code }) => labels[code])
        .filter((label) => label && label !== t("language.label")),
    ),
  ].join(" · ");
  return (
    <div class="field language-picker">
      <label class="label" for={id}>
        {t("language.label")}{" "}
        <span class="other-names" aria-hidden="true">
          · {otherNames}
        </span>
      </label>
      <select
        id={id}
        value={value ?? ""}
        data-testid={testId}
        aria-describedby={reviewed ? undefined : `${testId}-unreviewed`}
        onChange={(event) =>
          onChange(event.currentTarget.value === "" ? null : event.currentTarget.value)
        }
      >
        <option value="">
          {t("language.system")} ({languageInfo(systemLanguage).name})
        </option>
        {LANGUAGE_INFO.map((language) => (
          <option key={language.code} value={language.code} lang={language.code} dir={language.dir}>
            {language.name}
          </option>
        ))}
      </select>
      {!reviewed && (
        <p
          class="hint unreviewed-note"
          id={`${testId}-unreviewed`}
          data-testid={`${testId}-unreviewed`}
        >
          {t("language.unreviewed")}
        </p>
      )}
    </div>
  );
}
