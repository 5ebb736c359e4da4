import { useState } from "preact/hooks";
import {
  messageOf,
  type Location,
  type PlannedStop,
  type StopView,
  type VisitStopRequest,
} from "../api";
import { deviceDateTime, deviceUtcOffsetMin, toDateTimeLocal } from "../logic/dates";
import { plannedStopOptions } from "../logic/stops";
import { useI18n } from "./I18n";
import { PositionPicker } from "./PositionPicker";
import { LIMITS } from "../limits";

interface Props {
  plannedStops: PlannedStop[];
  visited: StopView[];
  save(request: VisitStopRequest): Promise<StopView>;
  onSaved(stop: StopView): void;
  onCancel(): void;
  /** The moment the form opened: the visit's time unless changed. */
  openedAt?: number;
}

/** Records arriving at a stop: which place, when, and where. */
export function StopForm({ plannedStops, visited, save, onSaved, onCancel, openedAt }: Props) {
  const { t, format } = useI18n();
  const [start] = useState(() => {
    const instant = openedAt ?? Date.now();
    return { instant, utcOffsetMin: deviceUtcOffsetMin(instant) };
  });
  const [planned, setPlanned] = useState("");
  const [name, setName] = useState("");
  const [place, setPlace] = useState("");
  const [when, setWhen] = useState(toDateTimeLocal(start.instant, start.utcOffsetMin));
  const [location, setLocation] = useState<Location | null>(null);
  const [positionProblem, setPositionProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const options = plannedStopOptions(plannedStops, visited);
  const time = deviceDateTime(when);
  const shownTime = time ? format.visitTime(time.instant, time.utcOffsetMin) : null;

  const choosePlanned = (id: string) => {
    setPlanned(id);
    const stop = plannedStops.find((s) => s.id === id);
    if (stop) {
      setName(stop.nameOfArea);
      setPlace(stop.specificLocation);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.trim() === "") return setProblem(t("stopForm.nameMissing"));
    if (!time) return setProblem(t("stopForm.whenInvalid"));
    if (positionProblem) return setProblem(positionProblem);
    setProblem(null);
    setSaving(true);
    try {
      const stop = await save({
        plannedStop: planned === "" ? null : planned,
        nameOfArea: name.trim(),
        specificLocation: place.trim(),
        visitedAt: time.instant,
        utcOffsetMin: time.utcOffsetMin,
        location,
      });
      onSaved(stop);
    } catch (error) {
      setProblem(t("stopForm.failed", { message: messageOf(error) }));
      setSaving(false);
    }
  };

  return (
    <form class="card stop-form" onSubmit={submit} noValidate data-testid="stop-form">
      <h2>{t("stopForm.title")}</h2>
      {options.length > 0 && (
        <label class="field">
          <span class="label">{t("stopForm.planned")}</span>
          <select
            value={planned}
            data-testid="stop-planned"
            onChange={(event) => choosePlanned(event.currentTarget.value)}
          >
            <option value="">{t("stopForm.plannedOther")}</option>
            {options.map(({ stop, visited: done }) => (
              <option key={stop.id} value={stop.id}>
                {done ? t("stopForm.plannedVisited", { name: stop.nameOfArea }) : stop.nameOfArea}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="field">
        <span class="label">{t("stopForm.name")}</span>
        <input
          type="text"
          required
          maxLength={LIMITS.shortText}
          value={name}
          dir="auto"
          data-testid="stop-name"
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span class="label">{t("stopForm.location")}</span>
        <input
          type="text"
          maxLength={LIMITS.shortText}
          placeholder={t("stopForm.locationHint")}
          value={place}
          dir="auto"
          data-testid="stop-location"
          onInput={(event) => setPlace(event.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span class="label">{t("stopForm.when")}</span>
        <input
          type="datetime-local"
          value={when}
          data-testid="stop-when"
          onInput={(event) => setWhen(event.currentTarget.value)}
        />
        {shownTime && (
          <span class="hint" data-testid="stop-when-text">
            {t("stops.when", { ...shownTime })}
          </span>
        )}
      </label>
      <PositionPicker
        idPrefix="stop"
        value={location}
        onChange={(value, positionError) => {
          setLocation(value);
          setPositionProblem(positionError);
        }}
      />
      {problem && (
        <p class="error" role="alert" data-testid="stop-error">
          {problem}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button primary" disabled={saving} data-testid="stop-save">
          {saving ? t("stopForm.saving") : t("stopForm.save")}
        </button>
        <button type="button" class="button secondary" data-testid="stop-cancel" onClick={onCancel}>
          {t("stopForm.cancel")}
        </button>
      </div>
    </form>
  );
}
