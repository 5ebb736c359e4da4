import { useEffect, useState } from "preact/hooks";
import { api, messageOf } from "../../api";
import { facilitatorApi, type BaseMapInfo } from "../../facilitatorApi";
import { useI18n } from "../I18n";

interface Props {
  info?: () => Promise<BaseMapInfo | null>;
  attach?: (name: string, file: Blob) => Promise<BaseMapInfo>;
}

/**
 * The audit's base map package (.pmtiles, cut for the audit area): which one
 * is attached, and attaching another. Core checks the file and refuses what
 * it cannot use; devices receive it like photos.
 */
export function BaseMapPanel({
  info = api.baseMapInfo,
  attach = facilitatorApi.attachBaseMap,
}: Props) {
  const { t, number } = useI18n();
  const [current, setCurrent] = useState<BaseMapInfo | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [attached, setAttached] = useState(false);

  useEffect(() => {
    info().then(setCurrent, (error: unknown) => {
      setCurrent(null);
      setProblem(messageOf(error));
    });
  }, []);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    setAttached(false);
    try {
      setCurrent(await attach(file.name, file));
      setAttached(true);
    } catch (error) {
      setProblem(t("baseMap.refused", { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const degrees = (n: number) => number(n, { maximumFractionDigits: 4 });
  return (
    <section class="card" aria-labelledby="base-map-title" data-testid="base-map">
      <h2 id="base-map-title">{t("baseMap.title")}</h2>
      <p class="hint">{t("baseMap.explain")}</p>
      {current ? (
        <dl class="base-map-info" data-testid="base-map-info">
          <dt>{t("baseMap.name")}</dt>
          <dd dir="auto">{current.name}</dd>
          <dt>{t("baseMap.size")}</dt>
          <dd>
            {t("baseMap.megabytes", {
              size: number(current.bytes / 1_048_576, { maximumFractionDigits: 1 }),
            })}
          </dd>
          <dt>{t("baseMap.bounds")}</dt>
          <dd dir="ltr">
            {t("baseMap.boundsValue", {
              west: degrees(current.bounds[0]),
              south: degrees(current.bounds[1]),
              east: degrees(current.bounds[2]),
              north: degrees(current.bounds[3]),
            })}
          </dd>
          <dt>{t("baseMap.zooms")}</dt>
          <dd>{t("baseMap.zoomsValue", { min: current.minZoom, max: current.maxZoom })}</dd>
        </dl>
      ) : (
        current === null && <p data-testid="base-map-none">{t("baseMap.none")}</p>
      )}
      <label class="file-pick">
        {current ? t("baseMap.replace") : t("baseMap.pick")}
        <input
          type="file"
          accept=".pmtiles"
          disabled={busy}
          data-testid="base-map-file"
          onChange={(event) => void pick(event.currentTarget.files?.[0])}
        />
      </label>
      {busy && <p role="status">{t("baseMap.attaching")}</p>}
      {attached && (
        <p class="ok" role="status" data-testid="base-map-attached">
          {t("baseMap.attached")}
        </p>
      )}
      {problem && (
        <p class="error" role="alert" data-testid="base-map-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
