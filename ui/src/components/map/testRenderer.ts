/**
 * A stand-in for the Leaflet renderer in component tests (happy-dom has no
 * canvas): it keeps what it was asked to draw and lets a test tap the map.
 * Tests use it with `vi.mock("…/map/leafletRenderer", () => import("…/map/testRenderer"))`
 * or pass `load` as a component's `loadRenderer`. Never part of a build.
 */
import type { LatLon } from "../../mapContract";
import type { Drawing } from "./drawing";
import type { MapRenderer, RendererModule, RendererOptions } from "./renderer";

export class TestRenderer implements MapRenderer {
  drawings: Drawing[] = [];
  tapHandler: ((position: LatLon) => void) | null = null;
  pin: LatLon | null = null;
  focused: [string, string][] = [];
  destroyed = false;

  constructor(readonly options: RendererOptions) {}

  draw(drawing: Drawing): void {
    this.drawings.push(drawing);
  }
  onTap(handler: ((position: LatLon) => void) | null): void {
    this.tapHandler = handler;
  }
  setPin(position: LatLon | null): void {
    this.pin = position;
  }
  focus(kind: "stop" | "photo", id: string): void {
    this.focused.push([kind, id]);
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** What the map library would report for a tap at `position`. */
  tap(position: LatLon): void {
    this.tapHandler?.(position);
  }
}

/** Every renderer made since the last `made.length = 0`. */
export const made: TestRenderer[] = [];

export const createRenderer: RendererModule["createRenderer"] = (options) => {
  const renderer = new TestRenderer(options);
  made.push(renderer);
  return renderer;
};

export const load = async (): Promise<RendererModule> => ({ createRenderer });
