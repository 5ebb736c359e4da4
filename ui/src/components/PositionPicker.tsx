import { useState } from "preact/hooks";
import { api, type Location, messageOf } from "../api";
import { parseManualPosition } from "../logic/location";
import { useI18n } from "./I18n";
import { MapPicker } from "./map/MapPicker";

interface Props {
  /** Prefix of the controls' test ids, e.g. `stop` -> `stop-use-position`. */
  idPrefix: string;
  value: Location | null;
  /** A new position (or none); `problem` is set while typed coordinates are invalid. */
  onChange(value: Location | null, problem: string | null): void;
  /** Shown under the title, e.g. what happens when left empty. */
  hint?: string;
}

/**
 * Where something is: the device's position, else a place tapped on the map
 * or typed coordinates (a pin), else none. On a desktop without geolocation
 * the device answers null and the person chooses on the map or types it;
 * typing stays for those who cannot use the map.
 */
export function PositionPicker({ idPrefix, value, onChange, hint }: Props) {
  const { t, number } = useI18n();
  const [locating, setLocating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [typing, setTyping] = useState(value?.source === "manual");
  const [lat, setLat] = useState(value?.source === "manual" ? String(value.lat) : "");
  const [lon, setLon] = useState(value?.source === "manual" ? String(value.lon) : "");
  const [problem, setProblem] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  const useMine = async () => {
    setLocating(true);
    setMessage(null);
    try {
      const position = await api.currentPosition();
      if (position) {
        setTyping(false);
        setProblem(null);
        onChange(position, null);
      } else {
        setMessage(t("position.unavailable"));
        setTyping(true);
      }
    } catch (error) {
      setMessage(t("position.failed", { message: messageOf(error) }));
      setTyping(true);
    } finally {
      setLocating(false);
    }
  };

  const typed = (nextLat: string, nextLon: string) => {
    setLat(nextLat);
    setLon(nextLon);
    const parsed = parseManualPosition(nextLat, nextLon);
    if (parsed.kind === "valid") {
      setProblem(null);
      onChange(parsed.location, null);
    } else if (parsed.kind === "empty") {
      setProblem(null);
      onChange(null, null);
    } else {
      const text = t(`position.${parsed.problem}Invalid`);
      setProblem(text);
      onChange(null, text);
    }
  };

  const coordinate = (n: number) => number(n, { maximumFractionDigits: 5 });
  const latId = `${idPrefix}-lat`;
  const lonId = `${idPrefix}-lon`;

  return (
    <fieldset class="position-picker">
      <legend>{t("position.title")}</legend>
      {hint && <p class="hint">{hint}</p>}
      <p
        class="position-value"
        data-testid={`${idPrefix}-position`}
        data-source={value?.source ?? "none"}
      >
        {value
          ? t("position.value", { lat: coordinate(value.lat), lon: coordinate(value.lon) }) +
            (value.accuracyM !== null
              ? ` (${t("position.accuracy", { metres: Math.round(value.accuracyM) })})`
              : "")
          : t("position.none")}
      </p>
      <div class="button-row">
        <button
          type="button"
          class="button secondary"
          disabled={locating}
          data-testid={`${idPrefix}-use-position`}
          onClick={useMine}
        >
          {locating ? t("position.locating") : t("position.useMine")}
        </button>
        <button
          type="button"
          class="button secondary"
          aria-expanded={picking}
          data-testid={`${idPrefix}-choose-on-map`}
          onClick={() => setPicking(!picking)}
        >
          {t("position.chooseOnMap")}
        </button>
        {!typing && (
          <button
            type="button"
            class="button link"
            data-testid={`${idPrefix}-type-position`}
            onClick={() => setTyping(true)}
          >
            {t("position.typeIt")}
          </button>
        )}
        {value && (
          <button
            type="button"
            class="button link"
            data-testid={`${idPrefix}-clear-position`}
            onClick={() => {
              setLat("");
              setLon("");
              setProblem(null);
              onChange(null, null);
            }}
          >
            {t("position.clear")}
          </button>
        )}
      </div>
      {picking && (
        <MapPicker
          initial={value}
          onCancel={() => setPicking(false)}
          onConfirm={(position) => {
            setPicking(false);
            setMessage(null);
            setTyping(true);
            // Through the typed fields, so the coordinates are checked as typed ones are.
            typed(position.lat.toFixed(6), position.lon.toFixed(6));
          }}
        />
      )}
      {message && (
        <p class="note" role="status">
          {message}
        </p>
      )}
      {typing && (
        <div class="coordinates">
          <label for={latId}>
            {t("position.lat")}
            <input
              id={latId}
              type="text"
              inputMode="decimal"
              dir="ltr"
              autoComplete="off"
              value={lat}
              data-testid={latId}
              onInput={(event) => typed(event.currentTarget.value, lon)}
            />
          </label>
          <label for={lonId}>
            {t("position.lon")}
            <input
              id={lonId}
              type="text"
              inputMode="decimal"
              dir="ltr"
              autoComplete="off"
              value={lon}
              data-testid={lonId}
              onInput={(event) => typed(lat, event.currentTarget.value)}
            />
          </label>
        </div>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
