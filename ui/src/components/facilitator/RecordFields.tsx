/**
 * Fields of the desk research and focus group records. Each saves on its
 * own as the facilitator types (texts after a pause, and at once when the
 * field is left; choices, ticks and counts at once) and shows whether it was
 * saved or why core refused it. A field follows what arrives from a sync
 * unless the facilitator is editing it.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { messageOf, type Text } from "../../api";
import { createDebouncer } from "../../logic/debounce";
import type { Choice, FieldValue } from "../../methodsApi";
import { useI18n } from "../I18n";

/** Saves one field's value; rejects with core's words when refused. */
export type SaveField = (value: FieldValue) => Promise<void>;

type SaveState = "idle" | "saving" | "saved" | { failed: string };

/** A save that remembers how the last attempt went. */
function useSaveState(save: SaveField): [SaveState, (value: FieldValue) => void] {
  const [state, setState] = useState<SaveState>("idle");
  const run = (value: FieldValue) => {
    setState("saving");
    save(value).then(
      () => setState("saved"),
      (error: unknown) => setState({ failed: messageOf(error) }),
    );
  };
  return [state, run];
}

function SaveNote({ state, testId }: { state: SaveState; testId: string }) {
  const { t } = useI18n();
  if (typeof state === "object")
    return (
      <span class="error" role="alert" data-testid={`${testId}-error`}>
        {t("facilitator.saveFailed", { message: state.failed })}
      </span>
    );
  if (state === "saving") return <span class="hint">{t("methods.saving")}</span>;
  if (state === "saved")
    return (
      <span class="ok" data-testid={`${testId}-saved`}>
        {t("facilitator.saved")}
      </span>
    );
  return null;
}

interface TextProps {
  label: string;
  value: string;
  save: SaveField;
  testId: string;
  multiline?: boolean;
  placeholder?: string;
  hint?: ComponentChildren;
  type?: "text" | "date";
}

/** A text (or date) saved after a pause in typing and when left. */
export function TextField({
  label,
  value,
  save,
  testId,
  multiline,
  placeholder,
  hint,
  type = "text",
}: TextProps) {
  const [local, setLocal] = useState(value);
  const editing = useRef(false);
  const [state, run] = useSaveState(save);
  const debouncer = useMemo(() => createDebouncer<string>(700, (v) => run(v), value), []);
  useEffect(() => {
    if (!editing.current) {
      setLocal(value);
      debouncer.markSaved(value);
    }
  }, [value]);
  useEffect(() => () => debouncer.flush(), []);
  useEffect(() => {
    if (typeof state === "object") debouncer.forget();
  }, [state]);
  const onInput = (next: string) => {
    setLocal(next);
    debouncer.push(next);
  };
  const common = {
    value: local,
    dir: "auto" as const,
    placeholder,
    "data-testid": testId,
    onFocus: () => (editing.current = true),
    onBlur: () => {
      editing.current = false;
      debouncer.flush();
    },
  };
  return (
    <label class="field">
      <span class="label">{label}</span>
      {hint && <span class="hint">{hint}</span>}
      {multiline ? (
        <textarea rows={3} {...common} onInput={(e) => onInput(e.currentTarget.value)} />
      ) : (
        <input type={type} {...common} onInput={(e) => onInput(e.currentTarget.value)} />
      )}
      <SaveNote state={state} testId={testId} />
    </label>
  );
}

interface CountProps {
  label: string;
  value: number | null | undefined;
  save: SaveField;
  testId: string;
}

/** A whole number (people, minutes); empty clears it. Core refuses negatives. */
export function CountField({ label, value, save, testId }: CountProps) {
  const [local, setLocal] = useState(value == null ? "" : String(value));
  const editing = useRef(false);
  const [state, run] = useSaveState(save);
  const debouncer = useMemo(
    () =>
      createDebouncer<string>(500, (text) => run(text.trim() === "" ? null : Number(text)), local),
    [],
  );
  useEffect(() => {
    if (!editing.current) setLocal(value == null ? "" : String(value));
  }, [value]);
  useEffect(() => () => debouncer.flush(), []);
  useEffect(() => {
    if (typeof state === "object") debouncer.forget();
  }, [state]);
  return (
    <label class="field count-field">
      <span class="label">{label}</span>
      <input
        type="number"
        inputMode="numeric"
        step={1}
        value={local}
        data-testid={testId}
        onFocus={() => (editing.current = true)}
        onBlur={() => {
          editing.current = false;
          debouncer.flush();
        }}
        onInput={(e) => {
          setLocal(e.currentTarget.value);
          debouncer.push(e.currentTarget.value);
        }}
      />
      <SaveNote state={state} testId={testId} />
    </label>
  );
}

interface ChoiceProps {
  legend: string;
  choices: { id: string; label: string }[];
  value: string;
  save: SaveField;
  testId: string;
}

/** One of a few choices, as radio buttons; saved at once. */
export function RadioField({ legend, choices, value, save, testId }: ChoiceProps) {
  const [state, run] = useSaveState(save);
  const [local, setLocal] = useState(value);
  useEffect(() => setLocal(value), [value]);
  return (
    <fieldset class="radio-row" data-testid={testId}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.id} class="choice">
          <input
            type="radio"
            name={testId}
            checked={local === choice.id}
            data-testid={`${testId}-${choice.id}`}
            onChange={() => {
              setLocal(choice.id);
              run(choice.id);
            }}
          />
          <span>{choice.label}</span>
        </label>
      ))}
      <SaveNote state={state} testId={testId} />
    </fieldset>
  );
}

/** One of many choices, as a drop-down; saved at once. */
export function SelectField({ legend, choices, value, save, testId }: ChoiceProps) {
  const { t } = useI18n();
  const [state, run] = useSaveState(save);
  return (
    <label class="field">
      <span class="label">{legend}</span>
      <select value={value} data-testid={testId} onChange={(e) => run(e.currentTarget.value)}>
        <option value="">{t("methods.notChosen")}</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      <SaveNote state={state} testId={testId} />
    </label>
  );
}

interface TicksProps {
  legend: string;
  choices: { id: string; label: string }[];
  ticked: string[];
  save(id: string, on: boolean): Promise<void>;
  testId: string;
}

/** Several ticks (sectors, what was lacking); each saved at once. */
export function TickField({ legend, choices, ticked, save, testId }: TicksProps) {
  const [failed, setFailed] = useState<string | null>(null);
  const { t } = useI18n();
  return (
    <fieldset class="tick-grid" data-testid={testId}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.id} class="choice">
          <input
            type="checkbox"
            checked={ticked.includes(choice.id)}
            data-testid={`${testId}-${choice.id}`}
            onChange={(e) =>
              save(choice.id, e.currentTarget.checked).then(
                () => setFailed(null),
                (error: unknown) => setFailed(messageOf(error)),
              )
            }
          />
          <span>{choice.label}</span>
        </label>
      ))}
      {failed && (
        <span class="error" role="alert">
          {t("facilitator.saveFailed", { message: failed })}
        </span>
      )}
    </fieldset>
  );
}

/** Choices with their labels in the UI's language. */
export function useChoices(): (choices: Choice[]) => { id: string; label: string }[] {
  const { text } = useI18n();
  return (choices) => choices.map((c) => ({ id: c.id, label: text(c.label as Text) }));
}
