import { useEffect, useRef, useState } from "preact/hooks";
import { api, messageOf } from "../../api";
import type { BaseMapInfo, LatLon } from "../../mapContract";
import { useI18n } from "../I18n";
import type { Drawing } from "./drawing";
import {
  loadLeafletRenderer,
  type LoadRenderer,
  type MapRenderer,
  type RendererTexts,
} from "./renderer";
import { CommandSource, type ReadRange } from "./source";

/** Where the map gets its package: the commands, or a test's stand-ins. */
export interface BaseMapAccess {
  info(): Promise<BaseMapInfo | null>;
  read: ReadRange;
}

export const commandBaseMap: BaseMapAccess = {
  info: api.baseMapInfo,
  read: api.baseMapRange,
};

interface Props {
  /** What to draw; null draws nothing (e.g. picking a position). */
  drawing: Drawing | null;
  /** Said to assistive technology for the map as a whole. */
  label: string;
  /** The id of the map's text alternative (the list of places beside it). */
  alternative?: string;
  /** A stop's pop-up lines by its id. */
  stopDetails?(id: string): string[];
  /** Taps set a position (choosing one on the map). */
  onTap?: ((position: LatLon) => void) | null;
  pin?: LatLon | null;
  /** Given the renderer once it is drawn, so a list beside it can open a mark's pop-up. */
  onReady?(renderer: MapRenderer | null): void;
  loadRenderer?: LoadRenderer;
  baseMap?: BaseMapAccess;
}

type Status =
  | { kind: "loading" }
  | { kind: "ready"; note: string | null }
  | { kind: "failed"; message: string };

/**
 * The interactive map: the map library is fetched the first time a map opens,
 * the audit's base map package (if this device has it) under the marks,
 * else a plain background with a scale bar. North up in every language;
 * the controls move to the other side in right-to-left languages.
 */
export function OfflineMap({
  drawing,
  label,
  alternative,
  stopDetails = () => [],
  onTap = null,
  pin = null,
  onReady,
  loadRenderer = loadLeafletRenderer,
  baseMap = commandBaseMap,
}: Props) {
  const { t, dir } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const renderer = useRef<MapRenderer | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  // The latest words and callbacks, read by the renderer when it asks.
  const details = useRef(stopDetails);
  details.current = stopDetails;

  useEffect(() => {
    let live = true;
    const texts: RendererTexts = {
      zoomIn: t("map.zoomIn"),
      zoomOut: t("map.zoomOut"),
      pin: t("map.pin"),
      stopDetails: (id) => details.current(id),
      photoTheme: (theme, credit) => t("map.photoTheme", { theme, name: credit }),
    };
    (async () => {
      let info: BaseMapInfo | null = null;
      let note: string | null = null;
      try {
        info = await baseMap.info();
        if (info && !info.available) {
          note = t("map.baseMapComing");
          info = null;
        }
      } catch (error) {
        note = t("map.baseMapFailed", { message: messageOf(error) });
      }
      const module = await loadRenderer();
      if (!live || !box.current) return;
      renderer.current = module.createRenderer({
        container: box.current,
        baseMap: info ? { info, source: new CommandSource(info, baseMap.read) } : null,
        rtl: dir === "rtl",
        texts,
      });
      setStatus({ kind: "ready", note: note ?? (info ? null : t("map.noBaseMap")) });
      onReady?.(renderer.current);
    })().catch((error: unknown) => {
      if (live)
        setStatus({ kind: "failed", message: t("map.loadFailed", { message: messageOf(error) }) });
    });
    return () => {
      live = false;
      onReady?.(null);
      renderer.current?.destroy();
      renderer.current = null;
    };
  }, [dir]);

  const ready = status.kind === "ready";
  useEffect(() => {
    if (ready && drawing) renderer.current?.draw(drawing);
  }, [ready, drawing]);
  useEffect(() => {
    if (ready) renderer.current?.onTap(onTap);
  }, [ready, onTap]);
  useEffect(() => {
    if (ready) renderer.current?.setPin(pin);
  }, [ready, pin?.lat, pin?.lon]);

  return (
    <div class="offline-map">
      <div
        ref={box}
        class="offline-map-canvas"
        dir="ltr"
        role="region"
        aria-label={label}
        aria-details={alternative}
        data-testid="map-canvas"
        data-status={status.kind}
      />
      {status.kind === "loading" && (
        <p class="loading" data-testid="map-loading">
          {t("map.loading")}
        </p>
      )}
      {status.kind === "failed" && (
        <p class="error" role="alert" data-testid="map-problem">
          {status.message}
        </p>
      )}
      {status.kind === "ready" && status.note && (
        <p class="hint" data-testid="map-note">
          {status.note}
        </p>
      )}
    </div>
  );
}
