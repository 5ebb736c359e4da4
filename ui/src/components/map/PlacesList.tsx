import type { MapFeatures, MapStop } from "../../mapContract";
import { useI18n } from "../I18n";
import type { Drawing } from "./drawing";

interface Props {
  features: MapFeatures;
  drawing: Drawing;
  stopLines(stop: MapStop): string[];
  /** Opens the place's pop-up on the map. */
  onShow(kind: "stop" | "photo", id: string): void;
}

/** The map's places as text: stops in walking order with their mean score, photos, tracks, hot spots. */
export function PlacesList({ features, drawing, stopLines, onShow }: Props) {
  const { t } = useI18n();
  const planned = features.stops
    .filter((stop) => stop.kind === "planned")
    .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity));
  const visits = features.stops.filter((stop) => stop.kind !== "planned");
  const show = (kind: "stop" | "photo", id: string, name: string) => (
    <button
      type="button"
      class="button link"
      data-testid={`place-show-${id}`}
      onClick={() => onShow(kind, id)}
    >
      {t("map.showOnMap", { name })}
    </button>
  );
  const stopItem = (stop: MapStop) => {
    const [first, ...rest] = stopLines(stop);
    return (
      <li key={stop.id} data-testid={`place-${stop.id}`}>
        <strong dir="auto">{first}</strong>
        {rest.map((line, i) => (
          <span key={i} class="place-line">
            {line}
          </span>
        ))}
        {show("stop", stop.id, first ?? stop.nameOfArea)}
      </li>
    );
  };
  return (
    <section
      id="places-list"
      class="card places-list"
      aria-labelledby="places-title"
      data-testid="places-list"
    >
      <h2 id="places-title">{t("map.placesTitle")}</h2>
      {planned.length > 0 && (
        <>
          <h3>{t("map.placesPlanned")}</h3>
          <ol class="places-numbered" data-testid="places-planned">
            {planned.map(stopItem)}
          </ol>
        </>
      )}
      {visits.length > 0 && (
        <>
          <h3>{t("map.placesVisited")}</h3>
          <ul data-testid="places-visited">{visits.map(stopItem)}</ul>
        </>
      )}
      {drawing.photos.length > 0 && (
        <>
          <h3>{t("map.placesPhotos")}</h3>
          <ul data-testid="places-photos">
            {drawing.photos.map((photo) => (
              <li key={photo.hash} data-testid={`place-${photo.hash}`}>
                <strong dir="auto">{photo.title}</strong>
                <span class="place-line">
                  {t("map.photoTheme", { theme: photo.theme, name: photo.credit })}
                </span>
                {show("photo", photo.hash, photo.title)}
              </li>
            ))}
          </ul>
        </>
      )}
      {drawing.tracks.length > 0 && (
        <>
          <h3>{t("map.placesTracks")}</h3>
          <ul data-testid="places-tracks">
            {features.tracks.map((track) => (
              <li key={track.participantId}>
                {t("map.trackPoints", { name: track.pseudonym, count: track.points.length })}
              </li>
            ))}
          </ul>
        </>
      )}
      {drawing.hotSpots.length > 0 && (
        <>
          <h3>{t("map.placesHotSpots")}</h3>
          <ul data-testid="places-hot-spots">
            {drawing.hotSpots.map((spot, i) => (
              <li key={i}>{spot.label}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
