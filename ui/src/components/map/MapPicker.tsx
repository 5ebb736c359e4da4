import { useState } from "preact/hooks";
import type { LatLon } from "../../mapContract";
import { useI18n } from "../I18n";
import { OfflineMap, type BaseMapAccess } from "./OfflineMap";
import type { LoadRenderer } from "./renderer";

interface Props {
  /** The position already chosen, shown as the pin until another is tapped. */
  initial: LatLon | null;
  onConfirm(position: LatLon): void;
  onCancel(): void;
  loadRenderer?: LoadRenderer;
  baseMap?: BaseMapAccess;
}

/** Choosing a position by tapping the map, then confirming it. */
export function MapPicker({ initial, onConfirm, onCancel, loadRenderer, baseMap }: Props) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<LatLon | null>(null);
  const pin = chosen ?? initial;
  return (
    <div class="map-picker" data-testid="map-picker">
      <p class="hint">{t("position.mapHint")}</p>
      <OfflineMap
        drawing={null}
        label={t("position.mapLabel")}
        onTap={setChosen}
        pin={pin}
        loadRenderer={loadRenderer}
        baseMap={baseMap}
      />
      <div class="button-row">
        <button
          type="button"
          class="button primary"
          disabled={!chosen}
          data-testid="map-picker-confirm"
          onClick={() => chosen && onConfirm(chosen)}
        >
          {t("position.mapConfirm")}
        </button>
        <button
          type="button"
          class="button link"
          data-testid="map-picker-cancel"
          onClick={onCancel}
        >
          {t("position.mapCancel")}
        </button>
      </div>
    </div>
  );
}
