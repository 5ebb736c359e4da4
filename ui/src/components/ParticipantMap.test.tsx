// @vitest-environment happy-dom
/**
 * The participant's map, recording the walk, and choosing a position on the
 * map, against the in-memory backend. The map library is replaced by a
 * renderer that keeps what it is given (happy-dom has no canvas), and the
 * device's positions by a source the test feeds.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type MockBackend } from "../dev/mockBackend";
import { createTranslator } from "../i18n";
import type { PositionFix, WatchOptions, WatchPosition } from "../logic/positionWatch";
import { App } from "./App";
import { I18nProvider } from "./I18n";
import { made as renderers } from "./map/testRenderer";
import { ParticipantMapScreen } from "./ParticipantMapScreen";

vi.mock("./map/leafletRenderer", () => import("./map/testRenderer"));

let container: HTMLElement;
let backend: MockBackend;

async function settle() {
  for (let i = 0; i < 8; i += 1) {
    await act(async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    });
  }
}
function get<T extends HTMLElement = HTMLElement>(testId: string): T {
  const element = container.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`no element with data-testid="${testId}"`);
  return element;
}
const find = (testId: string) => container.querySelector(`[data-testid="${testId}"]`);
async function click(testId: string) {
  await act(() => get(testId).click());
  await settle();
}
async function pickFile(testId: string, file: File) {
  const input = get<HTMLInputElement>(testId);
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}
const callsOf = (command: string) =>
  backend.calls.filter((c) => c.command === command).map((c) => c.args);

/** A position source the test drives: who listens, with which options, and how often it was stopped. */
function fakePositions() {
  const source = {
    listener: null as ((fix: PositionFix) => void) | null,
    options: [] as WatchOptions[],
    stops: 0,
    watch: ((onFix, options) => {
      source.listener = onFix;
      source.options.push(options);
      return () => {
        source.listener = null;
        source.stops += 1;
      };
    }) as WatchPosition,
    async emit(fix: PositionFix) {
      await act(() => source.listener?.(fix));
      await settle();
    },
  };
  return source;
}

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  window.localStorage.clear();
  renderers.length = 0;
  backend = createMockBackend({ joined: true });
  window.__TAURI__ = { core: { invoke: backend.invoke } };
});

afterEach(async () => {
  await act(() => render(null, container));
  container.remove();
  window.location.hash = "";
});

async function showMap(positions: ReturnType<typeof fakePositions>, canReplayGpx = false) {
  const { demoAudit } = await import("../dev/fixtures");
  await act(() =>
    render(
      <I18nProvider translator={createTranslator("en")}>
        <ParticipantMapScreen
          audit={demoAudit}
          photos={[]}
          lastSyncAt={null}
          watch={positions.watch}
          canReplayGpx={canReplayGpx}
        />
      </I18nProvider>,
      container,
    ),
  );
  await settle();
}

const fix = (lat: number): PositionFix => ({
  lat,
  lon: 23.32,
  accuracyM: 15,
  at: "2025-05-14T09:30:00.000Z",
});

describe("the participant's map", () => {
  it("is reached from the navigation and shows the planned stops and route from participant_map", async () => {
    window.location.hash = "";
    await act(() => render(<App />, container));
    await settle();
    await click("nav-map");
    expect(callsOf("participant_map")).toHaveLength(1);
    const drawing = renderers.at(-1)!.drawings.at(-1)!;
    expect(drawing.stops.map((s) => [s.number, s.label])).toEqual([
      [1, "Vazrazhdane"],
      [2, "Lozenets"],
    ]);
    expect(drawing.route?.points).toHaveLength(2);
    // Nothing recorded, and recording not offered, before consent.
    expect(get<HTMLInputElement>("track-consent").checked).toBe(false);
    expect(find("track-toggle")).toBeNull();
    expect(callsOf("record_position")).toEqual([]);
  });
});

describe("recording the walk", () => {
  it("sends positions to record_position only after consent and while recording", async () => {
    const positions = fakePositions();
    await showMap(positions);
    expect(positions.options).toEqual([]);

    await click("track-consent");
    expect(callsOf("set_track_consent")).toEqual([{ consent: true }]);
    // Consent alone does not start recording.
    expect(positions.options).toEqual([]);

    await click("track-toggle");
    expect(callsOf("set_tracking")).toEqual([{ recording: true }]);
    // Battery first: no high accuracy unless asked.
    expect(positions.options).toEqual([{ highAccuracy: false }]);

    await positions.emit(fix(42.7));
    expect(callsOf("record_position")).toEqual([fix(42.7)]);
    expect(get("track-status").textContent).toContain("Points recorded: 1");

    await click("track-toggle"); // pause
    expect(callsOf("set_tracking")).toEqual([{ recording: true }, { recording: false }]);
    expect(positions.stops).toBe(1);
    expect(positions.listener).toBeNull();
    expect(get("track-status").textContent).toContain("Paused.");
  });

  it("stops watching when the screen closes, and when consent is withdrawn", async () => {
    const positions = fakePositions();
    await showMap(positions);
    await click("track-consent");
    await click("track-toggle");
    await click("track-consent"); // withdrawn: core stops recording
    expect(callsOf("set_track_consent")).toEqual([{ consent: true }, { consent: false }]);
    expect(positions.stops).toBe(1);

    await click("track-consent");
    await click("track-toggle");
    expect(positions.options).toHaveLength(2);
    await act(() => render(null, container));
    expect(positions.stops).toBe(2);
  });

  it("asks for the precise position only when the person chooses it", async () => {
    const positions = fakePositions();
    await showMap(positions);
    await click("track-consent");
    await click("track-precise");
    await click("track-toggle");
    expect(positions.options).toEqual([{ highAccuracy: true }]);
  });

  it("replays a GPX file on the desktop by sending its text to replay_gpx", async () => {
    const positions = fakePositions();
    await showMap(positions, true);
    expect(find("track-gpx")).toBeNull(); // only with consent
    await click("track-consent");
    expect(find("track-gpx")).toBeNull(); // and while recording: core keeps nothing when paused
    await click("track-toggle");
    const gpx =
      '<?xml version="1.0"?><gpx version="1.1"><trk><trkseg>' +
      '<trkpt lat="42.70" lon="23.32"/><trkpt lat="42.69" lon="23.32"/><trkpt lat="42.68" lon="23.32"/>' +
      "</trkseg></trk></gpx>";
    await pickFile("track-gpx", new File([gpx], "walk.gpx", { type: "application/gpx+xml" }));
    expect(callsOf("replay_gpx")).toEqual([{ gpx }]);
    expect(get("track-status").textContent).toContain("Points recorded: 3");
    // The map on the same screen asks again and draws the replayed track.
    expect(
      renderers
        .at(-1)!
        .drawings.at(-1)!
        .tracks.map((t) => t.points.length),
    ).toEqual([3]);

    await pickFile("track-gpx", new File(["not a track"], "notes.gpx"));
    expect(get("track-problem").textContent).toBe(
      "This GPX file cannot be used: This file is not a GPX track.",
    );
  });
});

describe("choosing a position on the map", () => {
  it("fills the coordinates with the tapped place, and the stop is saved there", async () => {
    window.location.hash = "#/stops";
    await act(() => render(<App />, container));
    await settle();
    await click("stop-add");
    await act(() => {
      const select = get<HTMLSelectElement>("stop-planned");
      select.value = "ps-1";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await click("stop-choose-on-map");
    const picker = renderers.at(-1)!;
    expect(get<HTMLButtonElement>("map-picker-confirm").disabled).toBe(true);

    await act(() => picker.tap({ lat: 42.697712345, lon: 23.321934567 }));
    await settle();
    expect(picker.pin).toEqual({ lat: 42.697712345, lon: 23.321934567 });
    await click("map-picker-confirm");
    expect(find("map-picker")).toBeNull();
    expect(picker.destroyed).toBe(true);
    // The typed fields stay, filled with the chosen place.
    expect(get<HTMLInputElement>("stop-lat").value).toBe("42.697712");
    expect(get<HTMLInputElement>("stop-lon").value).toBe("23.321935");
    expect(get("stop-position").dataset.source).toBe("manual");

    await click("stop-save");
    expect(callsOf("visit_stop")[0]).toMatchObject({
      location: { lat: 42.697712, lon: 23.321935, accuracyM: null, source: "manual" },
    });
  });

  it("changes nothing when the map is closed without confirming", async () => {
    window.location.hash = "#/stops";
    await act(() => render(<App />, container));
    await settle();
    await click("stop-add");
    await click("stop-choose-on-map");
    await act(() => renderers.at(-1)!.tap({ lat: 1, lon: 2 }));
    await click("map-picker-cancel");
    expect(get("stop-position").dataset.source).toBe("none");
    expect(find("stop-lat")).toBeNull();
  });
});
