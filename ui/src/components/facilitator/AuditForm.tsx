import { useState } from "preact/hooks";
import { messageOf, type AuditView } from "../../api";
import { hasPhotovoice, type AuditTemplates, type CreateAuditRequest } from "../../facilitatorApi";
import {
  checkAuditDraft,
  emptyAuditDraft,
  emptyStop,
  moveStop,
  type AuditDraft,
  type FormProblems,
  type StopDraft,
} from "../../logic/auditForm";
import { useI18n } from "../I18n";
import { LIMITS } from "../../limits";
import type { TemplatePreview } from "../../templateApi";
import { TemplatePanel } from "./TemplatePanel";

interface Props {
  create(request: CreateAuditRequest): Promise<AuditView>;
  onCreated(audit: AuditView): void;
  /** null: there is nothing to go back to (no audit yet). */
  onCancel: (() => void) | null;
}

const TEMPLATES: AuditTemplates[] = ["both", "checklist", "photovoice", "benchmark"];

/** A new audit: what, where, when, the planned stops and the photovoice window. */
export function AuditForm({ create, onCreated, onCancel }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<AuditDraft>(emptyAuditDraft);
  const [problems, setProblems] = useState<FormProblems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [template, setTemplate] = useState<TemplatePreview | null>(null);

  const set = (patch: Partial<AuditDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setStop = (index: number, patch: Partial<StopDraft>) =>
    setDraft((d) => ({
      ...d,
      stops: d.stops.map((s, i) => (i === index ? { ...s, ...patch } : s)),
    }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = checkAuditDraft(draft);
    if (!checked.ok) {
      setProblems(checked.problems);
      setFailure(t("prepare.problem.fix"));
      return;
    }
    setProblems({});
    setFailure(null);
    setSaving(true);
    try {
      const adapted = draft.templates === "benchmark" ? null : (template?.template ?? null);
      onCreated(await create({ ...checked.request, template: adapted }));
    } catch (error) {
      setFailure(t("prepare.failed", { message: messageOf(error) }));
      setSaving(false);
    }
  };

  const problem = (field: string) => {
    const key = problems[field];
    return key ? (
      <span class="error" id={`prepare-problem-${field}`} data-testid={`prepare-problem-${field}`}>
        {t(key)}
      </span>
    ) : null;
  };
  const text = (field: "title" | "city" | "meetingPoint", label: string, testId: string) => (
    <label class="field">
      <span class="label">{label}</span>
      <input
        type="text"
        dir="auto"
        maxLength={LIMITS.shortText}
        value={draft[field]}
        aria-invalid={problems[field] ? true : undefined}
        aria-describedby={problems[field] ? `prepare-problem-${field}` : undefined}
        data-testid={testId}
        onInput={(event) => set({ [field]: event.currentTarget.value })}
      />
      {problem(field)}
    </label>
  );
  const input = (
    field: "startsOn" | "endsOn" | "windowOpens" | "windowCloses",
    type: "date" | "datetime-local",
    label: string,
    testId: string,
  ) => (
    <label class="field">
      <span class="label">{label}</span>
      <input
        type={type}
        value={draft[field]}
        aria-invalid={problems[field] ? true : undefined}
        aria-describedby={problems[field] ? `prepare-problem-${field}` : undefined}
        data-testid={testId}
        onInput={(event) => set({ [field]: event.currentTarget.value })}
      />
      {problem(field)}
    </label>
  );

  return (
    <form class="card audit-form" onSubmit={submit} noValidate data-testid="prepare-form">
      <h2>{t("prepare.new")}</h2>
      {text("title", t("prepare.auditTitle"), "prepare-title")}
      {text("city", t("prepare.city"), "prepare-city")}
      <div class="field-pair">
        {input("startsOn", "date", t("prepare.startsOn"), "prepare-starts")}
        {input("endsOn", "date", t("prepare.endsOn"), "prepare-ends")}
      </div>
      {text("meetingPoint", t("prepare.meetingPoint"), "prepare-meeting")}
      <fieldset class="field choice-list">
        <legend>{t("prepare.templates")}</legend>
        {TEMPLATES.map((templates) => (
          <label key={templates} class="choice">
            <input
              type="radio"
              name="templates"
              checked={draft.templates === templates}
              data-testid={`prepare-templates-${templates}`}
              onChange={() => set({ templates })}
            />
            <span>{t(`prepare.templates.${templates}`)}</span>
          </label>
        ))}
      </fieldset>
      {draft.templates !== "benchmark" && <TemplatePanel value={template} onChange={setTemplate} />}
      {hasPhotovoice(draft.templates) && (
        <fieldset class="field">
          <legend>{t("prepare.window")}</legend>
          <div class="field-pair">
            {input(
              "windowOpens",
              "datetime-local",
              t("prepare.windowOpens"),
              "prepare-window-opens",
            )}
            {input(
              "windowCloses",
              "datetime-local",
              t("prepare.windowCloses"),
              "prepare-window-closes",
            )}
          </div>
        </fieldset>
      )}
      {draft.templates !== "benchmark" && (
        <fieldset class="field planned-stops">
          <legend>{t("prepare.stops")}</legend>
          <p class="hint">{t("prepare.stopsHint")}</p>
          <ol class="planned-stop-list">
            {draft.stops.map((stop, i) => (
              <li key={i} class="planned-stop-row" data-testid={`prepare-stop-${i}`}>
                <label class="field">
                  <span class="label">{t("stopForm.name")}</span>
                  <input
                    type="text"
                    dir="auto"
                    maxLength={LIMITS.shortText}
                    value={stop.nameOfArea}
                    aria-invalid={problems[`stop.${i}.nameOfArea`] ? true : undefined}
                    data-testid={`prepare-stop-name-${i}`}
                    onInput={(event) => setStop(i, { nameOfArea: event.currentTarget.value })}
                  />
                  {problem(`stop.${i}.nameOfArea`)}
                </label>
                <label class="field">
                  <span class="label">{t("stopForm.location")}</span>
                  <input
                    type="text"
                    dir="auto"
                    maxLength={LIMITS.shortText}
                    value={stop.specificLocation}
                    data-testid={`prepare-stop-location-${i}`}
                    onInput={(event) => setStop(i, { specificLocation: event.currentTarget.value })}
                  />
                </label>
                <div class="field-pair">
                  <label class="field">
                    <span class="label">{t("position.lat")}</span>
                    <input
                      type="text"
                      inputMode="decimal"
                      dir="ltr"
                      value={stop.lat}
                      aria-invalid={problems[`stop.${i}.position`] ? true : undefined}
                      data-testid={`prepare-stop-lat-${i}`}
                      onInput={(event) => setStop(i, { lat: event.currentTarget.value })}
                    />
                  </label>
                  <label class="field">
                    <span class="label">{t("position.lon")}</span>
                    <input
                      type="text"
                      inputMode="decimal"
                      dir="ltr"
                      value={stop.lon}
                      aria-invalid={problems[`stop.${i}.position`] ? true : undefined}
                      data-testid={`prepare-stop-lon-${i}`}
                      onInput={(event) => setStop(i, { lon: event.currentTarget.value })}
                    />
                  </label>
                </div>
                {problem(`stop.${i}.position`)}
                <div class="button-row">
                  <button
                    type="button"
                    class="button secondary"
                    disabled={i === 0}
                    aria-label={t("prepare.stopUp", { number: i + 1 })}
                    data-testid={`prepare-stop-up-${i}`}
                    onClick={() => set({ stops: moveStop(draft.stops, i, -1) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="button secondary"
                    disabled={i === draft.stops.length - 1}
                    aria-label={t("prepare.stopDown", { number: i + 1 })}
                    data-testid={`prepare-stop-down-${i}`}
                    onClick={() => set({ stops: moveStop(draft.stops, i, 1) })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="button secondary"
                    data-testid={`prepare-stop-remove-${i}`}
                    onClick={() => set({ stops: draft.stops.filter((_, k) => k !== i) })}
                  >
                    {t("prepare.stopRemove")}
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <button
            type="button"
            class="button secondary"
            data-testid="prepare-stop-add"
            onClick={() => set({ stops: [...draft.stops, emptyStop()] })}
          >
            {t("prepare.stopAdd")}
          </button>
        </fieldset>
      )}
      {failure && (
        <p class="error" role="alert" data-testid="prepare-error">
          {failure}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button primary" disabled={saving} data-testid="prepare-submit">
          {saving ? t("prepare.creating") : t("prepare.create")}
        </button>
        {onCancel && (
          <button
            type="button"
            class="button secondary"
            data-testid="prepare-cancel"
            onClick={onCancel}
          >
            {t("stopForm.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
