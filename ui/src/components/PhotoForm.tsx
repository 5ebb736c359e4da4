import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { messageOf, type Theme } from "../api";
import { useI18n } from "./I18n";
import { LIMITS } from "../limits";

export interface PhotoFields {
  title: string;
  caption: string;
  theme: string;
}

interface Props {
  /** Test-id prefix: `photo` when adding, `photo-edit` when editing. */
  idPrefix: string;
  heading: string;
  themes: Theme[];
  initial: PhotoFields;
  /** A preview image (data: URL) shown above the fields. */
  preview?: string | undefined;
  submitLabel: string;
  /** Resolves when stored; rejects with the message to show. */
  onSubmit(fields: PhotoFields): Promise<void>;
  onCancel?: () => void;
  cancelLabel?: string;
  /** Extra fields between the theme and the buttons (stop, position). */
  children?: ComponentChildren;
}

/** Title, caption and theme of a photo, for a new one or an edit. */
export function PhotoForm(props: Props) {
  const {
    idPrefix,
    heading,
    themes,
    initial,
    preview,
    submitLabel,
    onSubmit,
    onCancel,
    cancelLabel,
    children,
  } = props;
  const { t, text } = useI18n();
  const [title, setTitle] = useState(initial.title);
  const [caption, setCaption] = useState(initial.caption);
  const [theme, setTheme] = useState(initial.theme);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (title.trim() === "") return setProblem(t("photos.titleMissing"));
    if (!themes.some((candidate) => candidate.id === theme))
      return setProblem(t("photos.themeMissing"));
    setProblem(null);
    setSaving(true);
    try {
      await onSubmit({ title: title.trim(), caption: caption.trim(), theme });
    } catch (error) {
      setProblem(t("photos.failed", { message: messageOf(error) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="photo-form" onSubmit={submit} noValidate data-testid={`${idPrefix}-form`}>
      <h3>{heading}</h3>
      {preview && <img class="photo-preview" src={preview} alt="" />}
      <label class="field">
        <span class="label">{t("photos.titleLabel")}</span>
        <input
          type="text"
          required
          maxLength={LIMITS.shortText}
          value={title}
          dir="auto"
          data-testid={`${idPrefix}-title`}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span class="label">{t("photos.caption")}</span>
        <textarea
          rows={3}
          maxLength={LIMITS.longText}
          placeholder={t("photos.captionHint")}
          value={caption}
          dir="auto"
          data-testid={`${idPrefix}-caption`}
          onInput={(event) => setCaption(event.currentTarget.value)}
        />
      </label>
      <fieldset class="themes">
        <legend>{t("photos.theme")}</legend>
        {themes.map((candidate) => (
          <label key={candidate.id} class="theme-choice">
            <input
              type="radio"
              name={`${idPrefix}-theme`}
              value={candidate.id}
              checked={theme === candidate.id}
              data-testid={`${idPrefix}-theme-${candidate.id}`}
              onChange={() => setTheme(candidate.id)}
            />
            <span>
              <strong>{text(candidate.title)}</strong>
              <span class="theme-description">{text(candidate.description)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {children}
      {problem && (
        <p class="error" role="alert" data-testid={`${idPrefix}-error`}>
          {problem}
        </p>
      )}
      <div class="button-row">
        <button
          type="submit"
          class="button primary"
          disabled={saving}
          data-testid={`${idPrefix}-save`}
        >
          {saving ? t("photos.saving") : submitLabel}
        </button>
        {onCancel && (
          <button
            type="button"
            class="button secondary"
            data-testid={`${idPrefix}-cancel`}
            onClick={onCancel}
          >
            {cancelLabel ?? t("photos.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
