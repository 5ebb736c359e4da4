/**
 * The map drawn with Leaflet, base map packages with protomaps-leaflet.
 *
 * Why Leaflet on a 2D canvas rather than a WebGL library (MapLibre GL): the
 * desktop app runs in WebKitGTK, the end-to-end tests under Xvfb, and the
 * browser app on cheap phones. WebGL did answer in WebKitGTK under Xvfb and
 * in headless Chromium on our machines, but only through software renderers
 * (llvmpipe / SwiftShader), which are slow and which older phones and
 * blocklisted GPUs do not offer at all; canvas 2D works everywhere. Leaflet,
 * protomaps-leaflet and pmtiles together are also a fraction of MapLibre's
 * size (docs/benchmarks.md, "Map bundle").
 *
 * This module is only ever loaded with `import()` (renderer.ts), so the map
 * code stays out of the first download. Package bytes come through
 * `CommandSource` (no URL is fetched); raster packages are drawn from blob:
 * URLs of their tiles; without a package the marks sit on a plain
 * background with a scale bar.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { PMTiles } from "pmtiles";
import { leafletLayer, LineSymbolizer, PolygonSymbolizer, type PaintRule } from "protomaps-leaflet";
import type { BaseMapInfo, LatLon } from "../../mapContract";
import type { Drawing } from "./drawing";
import { pointsOf } from "./drawing";
import type { MapRenderer, RendererModule, RendererOptions } from "./renderer";
import { BACKGROUND, BASE_RULES, ruleMatches, widthAt } from "./style";
import "./map.css";

// protomaps-leaflet extends the global `L`.
(globalThis as unknown as { L: typeof L }).L = L;

/** The Protomaps layers as protomaps-leaflet paint rules (style.ts). */
function paintRules(): PaintRule[] {
  return BASE_RULES.map((rule) => ({
    dataLayer: rule.layer,
    minzoom: rule.minZoom,
    filter: (_zoom, feature) => ruleMatches(rule, feature.props),
    symbolizer:
      rule.geometry === "polygon"
        ? new PolygonSymbolizer({ fill: rule.colour })
        : new LineSymbolizer({
            color: rule.colour,
            width: (zoom: number) => widthAt(rule, zoom),
            dash: rule.dash,
            dashColor: rule.colour,
            lineCap: "round",
            lineJoin: "round",
          }),
  }));
}

const leafletBounds = ([west, south, east, north]: BaseMapInfo["bounds"]) =>
  L.latLngBounds([south, west], [north, east]);

/** Raster tiles (png, jpeg, webp) of the package, each shown from a blob: URL. */
function rasterLayer(info: BaseMapInfo, archive: PMTiles): L.GridLayer {
  const Layer = L.GridLayer.extend({
    createTile(coords: L.Coords, done: L.DoneCallback) {
      const img = document.createElement("img");
      img.alt = "";
      archive
        .getZxy(coords.z, coords.x, coords.y)
        .then((tile) => {
          if (!tile) return done(undefined, img);
          const url = URL.createObjectURL(
            new Blob([tile.data], { type: `image/${info.tileType}` }),
          );
          img.onload = () => {
            URL.revokeObjectURL(url);
            done(undefined, img);
          };
          img.onerror = () => {
            URL.revokeObjectURL(url);
            done(new Error("unreadable tile"), img);
          };
          img.src = url;
        })
        .catch((error: unknown) => done(error as Error, img));
      return img;
    },
  });
  const RasterLayer = Layer as unknown as new (options: L.GridLayerOptions) => L.GridLayer;
  return new RasterLayer({
    minNativeZoom: info.minZoom,
    maxNativeZoom: info.maxZoom,
    bounds: leafletBounds(info.bounds),
  });
}

function baseLayer(info: BaseMapInfo, archive: PMTiles): L.Layer {
  if (info.tileType !== "mvt") return rasterLayer(info, archive);
  return leafletLayer({
    url: archive,
    paintRules: paintRules(),
    labelRules: [],
    backgroundColor: BACKGROUND,
    maxDataZoom: info.maxZoom,
    bounds: leafletBounds(info.bounds),
    attribution: "© OpenStreetMap",
  }) as unknown as L.Layer;
}

/** A numbered (planned) or plain (visited) stop marker, in core's colour. */
function stopIcon(colour: string, number: number | null): L.DivIcon {
  const icon = document.createElement("span");
  icon.className = number === null ? "map-mark map-mark-visit" : "map-mark map-mark-planned";
  icon.style.backgroundColor = colour;
  if (number !== null) icon.textContent = String(number);
  return markIcon(icon, number === null ? 14 : 26);
}

function photoIcon(): L.DivIcon {
  const icon = document.createElement("span");
  icon.className = "map-mark map-mark-photo";
  return markIcon(icon, 16);
}

/** The side of a mark's target in CSS px: a finger's width (WCAG 2.5.5). */
const TARGET = 44;

/** A mark of `size` px drawn in the middle of its target. */
function markIcon(mark: HTMLElement, size: number): L.DivIcon {
  mark.style.inlineSize = `${size}px`;
  mark.style.blockSize = `${size}px`;
  return L.divIcon({ html: mark, className: "map-icon", iconSize: [TARGET, TARGET] });
}

function lines(items: string[]): HTMLElement {
  const box = document.createElement("div");
  box.className = "map-popup";
  box.dir = "auto";
  items.forEach((text, i) => {
    const line = document.createElement(i === 0 ? "strong" : "p");
    line.textContent = text;
    box.append(line);
  });
  return box;
}

class LeafletRenderer implements MapRenderer {
  private readonly map: L.Map;
  private readonly marks = L.layerGroup();
  private readonly stops = new Map<string, L.Marker>();
  private readonly photos = new Map<string, L.Marker>();
  private pin: L.CircleMarker | null = null;
  private tap: ((position: LatLon) => void) | null = null;
  /** Fitted to marks once: a later redraw (after a sync) keeps where the person has panned. */
  private fitted = false;

  constructor(private readonly options: RendererOptions) {
    const { container, baseMap, rtl, texts } = options;
    this.map = L.map(container, {
      zoomControl: false,
      attributionControl: Boolean(baseMap),
      minZoom: 2,
      maxZoom: 20,
    });
    this.map.attributionControl?.setPrefix(false);
    L.control
      .zoom({
        position: rtl ? "topright" : "topleft",
        zoomInTitle: texts.zoomIn,
        zoomOutTitle: texts.zoomOut,
      })
      .addTo(this.map);
    L.control
      .scale({ position: rtl ? "bottomright" : "bottomleft", imperial: false })
      .addTo(this.map);
    if (baseMap) {
      const archive = new PMTiles(baseMap.source);
      baseLayer(baseMap.info, archive).addTo(this.map);
    }
    this.marks.addTo(this.map);
    this.map.on("click", (event: L.LeafletMouseEvent) =>
      this.tap?.({ lat: event.latlng.lat, lon: event.latlng.lng }),
    );
    this.fit([]);
  }

  draw(drawing: Drawing): void {
    this.marks.clearLayers();
    this.stops.clear();
    this.photos.clear();
    const { texts } = this.options;
    const line = (points: LatLon[], colour: string, title: string, dash?: string) =>
      L.polyline(
        points.map((p) => [p.lat, p.lon] as [number, number]),
        { color: colour, weight: 4, opacity: 0.85, dashArray: dash, interactive: true },
      )
        .bindTooltip(title, { sticky: true })
        .addTo(this.marks);
    for (const track of drawing.tracks) line(track.points, track.colour, track.title, "6 6");
    if (drawing.route) line(drawing.route.points, drawing.route.colour, drawing.route.title);
    for (const spot of drawing.hotSpots) {
      L.circleMarker([spot.lat, spot.lon], {
        radius: 9,
        color: "#333",
        weight: 1,
        fillColor: spot.colour,
        fillOpacity: 0.7,
      })
        .bindTooltip(spot.label, { direction: "top" })
        .addTo(this.marks);
    }
    for (const photo of drawing.photos) {
      const box = lines([photo.title, texts.photoTheme(photo.theme, photo.credit)]);
      if (photo.thumbnail) {
        const img = document.createElement("img");
        img.src = photo.thumbnail;
        img.alt = photo.title;
        img.className = "map-popup-thumbnail";
        box.prepend(img);
      }
      const marker = L.marker([photo.lat, photo.lon], { icon: photoIcon(), title: photo.title })
        .bindPopup(box)
        .addTo(this.marks);
      this.photos.set(photo.hash, marker);
    }
    for (const stop of drawing.stops) {
      const marker = L.marker([stop.lat, stop.lon], {
        icon: stopIcon(stop.colour, stop.number),
        title: stop.label,
        zIndexOffset: stop.kind === "planned" ? 1000 : 0,
      })
        .bindPopup(lines(texts.stopDetails(stop.id)))
        .addTo(this.marks);
      // A permanent tooltip sizes itself to its text: a name is never cut.
      if (stop.kind === "planned") {
        marker.bindTooltip(stop.label, {
          permanent: true,
          direction: this.options.rtl ? "left" : "right",
          offset: this.options.rtl ? [-14, 0] : [14, 0],
          className: "map-stop-label",
        });
      }
      this.stops.set(stop.id, marker);
    }
    const points = pointsOf(drawing);
    if (!this.fitted && points.length > 0) {
      this.fit(points);
      this.fitted = true;
    }
  }

  onTap(handler: ((position: LatLon) => void) | null): void {
    this.tap = handler;
    this.map.getContainer().classList.toggle("map-picking", handler !== null);
  }

  setPin(position: LatLon | null): void {
    this.pin?.remove();
    this.pin = null;
    if (!position) return;
    this.pin = L.circleMarker([position.lat, position.lon], {
      radius: 10,
      color: "#b00020",
      weight: 3,
      fillColor: "#ffffff",
      fillOpacity: 0.9,
    })
      .bindTooltip(this.options.texts.pin)
      .addTo(this.map);
    if (!this.map.getBounds().contains([position.lat, position.lon])) {
      this.map.panTo([position.lat, position.lon]);
    }
  }

  focus(kind: "stop" | "photo", id: string): void {
    const marker = (kind === "stop" ? this.stops : this.photos).get(id);
    if (!marker) return;
    this.map.panTo(marker.getLatLng());
    marker.openPopup();
  }

  destroy(): void {
    this.map.remove();
  }

  /** Fits the view to `points`, else to the package, else shows the whole world. */
  private fit(points: LatLon[]): void {
    const info = this.options.baseMap?.info;
    if (points.length > 0) {
      const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number]));
      this.map.fitBounds(bounds, { padding: [48, 48], maxZoom: 17 });
    } else if (info) {
      // protomaps-leaflet draws zoom z from the package's z - 1: show a zoom it has data for.
      this.map.setView(
        [info.centre[1], info.centre[0]],
        Math.max(info.centre[2], info.minZoom + 1),
      );
    } else {
      this.map.setView([20, 0], 2);
    }
  }
}

/** The Leaflet map in `options.container`. */
export const createRenderer: RendererModule["createRenderer"] = (options) =>
  new LeafletRenderer(options);
