import { catalogues } from "../i18n";
import { LANGUAGES, resolveLanguage } from "../logic/i18n";
import { useI18n } from "./I18n";

interface Props {
  /** The chosen language, or null to follow the system. */
  value: string | null;
  onChange(language: string | null): void;
  testId: string;
}

/** System, English, Български, العربية: each language named in itself. */
export function LanguagePicker({ value, onChange, testId }: Props) {
  const { t, language: current } = useI18n();
  const id = `${testId}-input`;
  const systemLanguage = resolveLanguage(null, navigator.languages ?? [navigator.language]);
  // "Language" in the other languages too, so someone who cannot read this one finds the picker.
  const otherNames = LANGUAGES.filter((language) => language !== current)
    .map((language) => catalogues[language]["language.label"])
    .join(" · ");
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
        onChange={(event) =>
          onChange(event.currentTarget.value === "" ? null : event.currentTarget.value)
        }
      >
        <option value="">
          {t("language.system")} ({t(`language.${systemLanguage}`)})
        </option>
        {LANGUAGES.map((language) => (
          <option
            key={language}
            value={language}
            lang={language}
            dir={language === "ar" ? "rtl" : "ltr"}
          >
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
