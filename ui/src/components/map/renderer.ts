/**
 * The seam between the map's components and the map library. Components
 * (OfflineMap) talk to a `MapRenderer`; the Leaflet one (leafletRenderer.ts)
 * is loaded with `import()` only when a map opens, so the app's first
 * download does not carry the map library, and tests give a fake one
 * (happy-dom has no canvas).
 */
import type { Source } from "pmtiles";
import type { BaseMapInfo, LatLon } from "../../mapContract";
import type { Drawing } from "./drawing";

/** Words the renderer puts on the map, already in the person's language. */
export interface RendererTexts {
  zoomIn: string;
  zoomOut: string;
  /** "Lat, lon" of the chosen position, for the pin's title. */
  pin: string;
  /** A stop's pop-up lines (name, place, score), by stop id. */
  stopDetails(id: string): string[];
  /** The theme line of a photo's pop-up. */
  photoTheme(theme: string, credit: string): string;
}

export interface RendererOptions {
  container: HTMLElement;
  /** The package to draw under the marks, or none (a plain background with a scale bar). */
  baseMap: { info: BaseMapInfo; source: Source } | null;
  /** Right-to-left page: the controls sit on the other side (the map itself is never mirrored). */
  rtl: boolean;
  texts: RendererTexts;
}

export interface MapRenderer {
  /** Draws the marks (replacing earlier ones); the view fits the first marks drawn, then stays where the person put it. */
  draw(drawing: Drawing): void;
  /** Called with the position tapped or clicked; null: taps do nothing. */
  onTap(handler: ((position: LatLon) => void) | null): void;
  /** Shows the chosen position as a pin (null removes it). */
  setPin(position: LatLon | null): void;
  /** Opens the pop-up of a stop or photo (from the list of places). */
  focus(kind: "stop" | "photo", id: string): void;
  destroy(): void;
}

/** The renderer module, as `import()` gives it. */
export interface RendererModule {
  createRenderer(options: RendererOptions): MapRenderer;
}

export type LoadRenderer = () => Promise<RendererModule>;

/** The real one: the Leaflet chunk, fetched the first time a map opens. */
export const loadLeafletRenderer: LoadRenderer = () => import("./leafletRenderer");
