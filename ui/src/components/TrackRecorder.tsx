import { useEffect, useState } from "preact/hooks";
import { messageOf } from "../api";
import type { RecordPositionRequest, RecordPositionResult, TrackingState } from "../mapContract";
import type { WatchPosition } from "../logic/positionWatch";
import { useI18n } from "./I18n";

/** The tracking commands the recorder uses (`api`, or a test's). */
export interface TrackingApi {
  trackingState(): Promise<TrackingState>;
  setTrackConsent(consent: boolean): Promise<TrackingState>;
  setTracking(recording: boolean): Promise<TrackingState>;
  recordPosition(request: RecordPositionRequest): Promise<RecordPositionResult>;
  replayGpx(gpx: string): Promise<TrackingState>;
}

interface Props {
  tracking: TrackingApi;
  /** The device's positions; null when it has none (then only a GPX file can make a track). */
  watch: WatchPosition | null;
  /** The desktop app: a recorded GPX file can stand in for the device. */
  canReplayGpx: boolean;
  /** Told the number of kept points whenever it changes, so a map beside it can redraw the track. */
  onPoints?(points: number): void;
}

/**
 * Recording the walk: only with the person's consent (off until they give
 * it), paused when they say so, and only while this screen is open. Each
 * position goes to core, which decides what is kept.
 */
export function TrackRecorder({ tracking, watch, canReplayGpx, onPoints }: Props) {
  const { t, number } = useI18n();
  const [state, setState] = useState<TrackingState | null>(null);
  const [highAccuracy, setHighAccuracy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    tracking.trackingState().then(setState, (error: unknown) => setProblem(messageOf(error)));
  }, []);

  const points = state?.points;
  useEffect(() => {
    if (points !== undefined) onPoints?.(points);
  }, [points]);

  const on = Boolean(state?.consent && state.recording);
  useEffect(() => {
    if (!on || !watch) return;
    return watch(
      (fix) => {
        tracking.recordPosition(fix).then(
          (result) => setState(result.state),
          (error: unknown) => setProblem(messageOf(error)),
        );
      },
      { highAccuracy },
    );
  }, [on, watch, highAccuracy]);

  const change = async (action: () => Promise<TrackingState>) => {
    setBusy(true);
    setProblem(null);
    try {
      setState(await action());
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const replay = async (file: File | undefined) => {
    if (!file) return;
    await change(async () => tracking.replayGpx(await file.text()));
  };

  return (
    <section class="card track-recorder" aria-labelledby="track-title" data-testid="track-recorder">
      <h2 id="track-title">{t("track.title")}</h2>
      <p>{t("track.explain")}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={state?.consent ?? false}
          disabled={!state || busy}
          data-testid="track-consent"
          onChange={(event) => {
            const consent = event.currentTarget.checked;
            void change(() => tracking.setTrackConsent(consent));
          }}
        />
        {t("track.consent")}
      </label>
      {state?.consent && (
        <>
          <label class="check">
            <input
              type="checkbox"
              checked={highAccuracy}
              data-testid="track-precise"
              onChange={(event) => setHighAccuracy(event.currentTarget.checked)}
            />
            {t("track.precise")}
          </label>
          <div class="button-row">
            <button
              type="button"
              class={state.recording ? "button secondary" : "button primary"}
              disabled={busy}
              data-testid="track-toggle"
              onClick={() => void change(() => tracking.setTracking(!state.recording))}
            >
              {state.recording ? t("track.pause") : t("track.start")}
            </button>
          </div>
          <p class="count" role="status" data-testid="track-status">
            {state.recording ? t("track.recording") : t("track.paused")}{" "}
            {t("track.points", { count: number(state.points) })}
          </p>
          {state.recording && !watch && <p class="hint">{t("track.noPositions")}</p>}
        </>
      )}
      {/* Core keeps a replayed file's points only while recording, as it does live ones. */}
      {canReplayGpx && state?.consent && state.recording && (
        <label class="file-pick">
          {t("track.replayGpx")}
          <input
            type="file"
            accept=".gpx,application/gpx+xml"
            disabled={busy}
            data-testid="track-gpx"
            onChange={(event) => void replay(event.currentTarget.files?.[0])}
          />
        </label>
      )}
      {problem && (
        <p class="error" role="alert" data-testid="track-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
