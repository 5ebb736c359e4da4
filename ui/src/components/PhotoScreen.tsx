import { useEffect, useState } from "preact/hooks";
import {
  api,
  messageOf,
  type AuditView,
  type EditPhotoRequest,
  type Location,
  type NewPhoto,
  type PhotoContent,
  type PhotoView,
  type StopView,
  type Upload,
} from "../api";
import { groupByTheme, readAsDataUrl, splitDataUrl } from "../logic/photos";
import { stopsInVisitOrder } from "../logic/stops";
import { useI18n } from "./I18n";
import { PhotoCard } from "./PhotoCard";
import { PhotoForm, type PhotoFields } from "./PhotoForm";
import { PositionPicker } from "./PositionPicker";

interface Props {
  audit: AuditView;
  photos: PhotoView[];
  stops: StopView[];
  uploads: Upload[];
  hasResponse: boolean;
  /** The usage terms are accepted (photos can be added). */
  termsAccepted: boolean;
  /** New photos share their location unless the participant says otherwise. */
  sharesLocations: boolean;
  /** Accepts the usage terms declined when joining, with the location choice. */
  acceptTerms(shareLocations: boolean): Promise<void>;
  addPhoto(photo: NewPhoto, content: PhotoContent): Promise<PhotoView>;
  editPhoto(request: EditPhotoRequest): Promise<PhotoView>;
  onPhotoSaved(photo: PhotoView): void;
}

/**
 * A phone or tablet, whose browser opens the camera for `capture`. A desktop
 * ignores `capture` and would show a second file picker, so it gets only one.
 */
function touchDevice(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(pointer: coarse)").matches;
}

interface Picked {
  file: File;
  dataUrl: string | null;
  failed: boolean;
}

/** Photovoice: pick photos, describe and file each under a theme, see them by theme. */
export function PhotoScreen({
  audit,
  photos,
  stops,
  uploads,
  hasResponse,
  termsAccepted,
  sharesLocations,
  acceptTerms,
  addPhoto,
  editPhoto,
  onPhotoSaved,
}: Props) {
  const { t, text, number } = useI18n();
  const [queue, setQueue] = useState<Picked[]>([]);
  const [done, setDone] = useState(0);
  const [theme, setTheme] = useState("");
  const [stop, setStop] = useState("");
  const [fallback, setFallback] = useState<Location | null>(null);
  const [fallbackProblem, setFallbackProblem] = useState<string | null>(null);
  const [shareLocation, setShareLocation] = useState(sharesLocations);
  const [editing, setEditing] = useState<string | null>(null);

  const hasCamera = useState(touchDevice)[0];
  const current = queue[0];
  // Read the current file only: a dozen photos of several MB each stay on disk until their turn.
  useEffect(() => {
    if (!current || current.dataUrl !== null || current.failed) return;
    let cancelled = false;
    readAsDataUrl(current.file)
      .then(
        (dataUrl) =>
          !cancelled && setQueue((q) => q.map((p) => (p === current ? { ...p, dataUrl } : p))),
      )
      .catch(
        () =>
          !cancelled && setQueue((q) => q.map((p) => (p === current ? { ...p, failed: true } : p))),
      );
    return () => {
      cancelled = true;
    };
  }, [current]);

  const photovoice = audit.photovoice;
  if (!photovoice) return <p class="note">{t("photos.none")}</p>;
  if (!hasResponse) return <p class="note">{t("checklist.noResponse")}</p>;
  if (!termsAccepted)
    return <AcceptTerms terms={text(photovoice.usage_terms)} accept={acceptTerms} />;
  const themes = photovoice.themes;

  const pick = (files: FileList | null) => {
    const picked = Array.from(files ?? []).map((file) => ({ file, dataUrl: null, failed: false }));
    setQueue(picked);
    setDone(0);
  };
  const next = () => {
    setQueue((q) => q.slice(1));
    setDone((n) => n + 1);
  };

  const save = async (fields: PhotoFields) => {
    if (!current?.dataUrl) return;
    if (shareLocation && fallbackProblem) throw new Error(fallbackProblem);
    const data = splitDataUrl(current.dataUrl);
    if (!data) throw new Error(t("photos.readFailed", { name: current.file.name }));
    const fallbackLocation = shareLocation
      ? (fallback ?? (await api.currentPosition().catch(() => null)))
      : null;
    const photo = await addPhoto(
      {
        fileName: current.file.name,
        title: fields.title,
        caption: fields.caption,
        theme: fields.theme,
        stop: stop === "" ? null : stop,
        fallbackLocation,
        shareLocation,
      },
      { file: current.file, base64: data.base64 },
    );
    onPhotoSaved(photo);
    setTheme(fields.theme);
    next();
  };

  const total = done + queue.length;
  return (
    <div class="screen photo-screen">
      <header class="screen-header">
        <h1>{t("photos.title")}</h1>
        <p>{t("photos.intro")}</p>
      </header>

      <section class="card photo-add">
        <div class="photo-pickers">
          {hasCamera && (
            <label class="button primary file-button">
              {t("photos.takePhoto")}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                class="visually-hidden"
                data-testid="photo-camera"
                onChange={(event) => {
                  pick(event.currentTarget.files);
                  event.currentTarget.value = "";
                }}
              />
            </label>
          )}
          <label class={hasCamera ? "button secondary file-button" : "button primary file-button"}>
            {t("photos.pick")}
            <input
              type="file"
              accept="image/*"
              multiple
              class="visually-hidden"
              data-testid="photo-file"
              onChange={(event) => {
                pick(event.currentTarget.files);
                event.currentTarget.value = "";
              }}
            />
          </label>
        </div>
        <p class="hint">{t("photos.pickHint")}</p>

        {current && (
          <div class="photo-queue">
            {total > 1 && (
              <p class="queue-position" data-testid="photo-queue">
                {t("photos.queue", { current: done + 1, total })}
              </p>
            )}
            {current.failed ? (
              <div>
                <p class="error" role="alert">
                  {t("photos.readFailed", { name: current.file.name })}
                </p>
                <button type="button" class="button secondary" onClick={next}>
                  {t("photos.skip")}
                </button>
              </div>
            ) : (
              <PhotoForm
                key={`${done}-${current.file.name}`}
                idPrefix="photo"
                heading={current.file.name}
                themes={themes}
                initial={{ title: "", caption: "", theme }}
                preview={current.dataUrl ?? undefined}
                submitLabel={t("photos.save")}
                onSubmit={save}
                onCancel={next}
                cancelLabel={t("photos.skip")}
              >
                {stops.length > 0 && (
                  <label class="field">
                    <span class="label">{t("photos.stop")}</span>
                    <select
                      value={stop}
                      data-testid="photo-stop"
                      onChange={(event) => setStop(event.currentTarget.value)}
                    >
                      <option value="">{t("photos.stopNone")}</option>
                      {stopsInVisitOrder(stops).map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.nameOfArea}
                          {s.specificLocation ? ` – ${s.specificLocation}` : ""}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <label class="check">
                  <input
                    type="checkbox"
                    checked={shareLocation}
                    data-testid="photo-share-location"
                    onChange={(event) => setShareLocation(event.currentTarget.checked)}
                  />
                  <span>{t("photos.shareLocation")}</span>
                </label>
                {shareLocation ? (
                  <PositionPicker
                    idPrefix="photo"
                    value={fallback}
                    hint={`${t("photos.fallback")} ${t("photos.fallbackAuto")}`}
                    onChange={(value, problem) => {
                      setFallback(value);
                      setFallbackProblem(problem);
                    }}
                  />
                ) : (
                  <p class="hint" data-testid="photo-location-private">
                    {t("photos.locationPrivate")}
                  </p>
                )}
              </PhotoForm>
            )}
          </div>
        )}
      </section>

      <section class="gallery" aria-labelledby="gallery-heading">
        <h2 id="gallery-heading">
          {t("photos.gallery")} <span class="count">({number(photos.length)})</span>
        </h2>
        {groupByTheme(photos, themes).map((group) => (
          <section
            key={group.theme?.id ?? "other"}
            class="theme-group"
            data-testid={`photo-theme-group-${group.theme?.id ?? "other"}`}
          >
            <h3>{group.theme ? text(group.theme.title) : t("photos.otherTheme")}</h3>
            {group.photos.length === 0 ? (
              <p class="empty">{t("photos.emptyTheme")}</p>
            ) : (
              <ul class="photo-grid">
                {group.photos.map((photo) => (
                  <PhotoCard
                    key={photo.hash}
                    photo={photo}
                    themes={themes}
                    uploads={uploads}
                    editing={editing === photo.hash}
                    onEdit={() => setEditing(photo.hash)}
                    onCancelEdit={() => setEditing(null)}
                    saveEdit={async (fields) => {
                      const updated = await editPhoto({ hash: photo.hash, ...fields });
                      onPhotoSaved(updated);
                      setEditing(null);
                    }}
                  />
                ))}
              </ul>
            )}
          </section>
        ))}
      </section>
    </div>
  );
}

/** The usage terms for a participant who declined them when joining, and a way to accept them now. */
function AcceptTerms({
  terms,
  accept,
}: {
  terms: string;
  accept(shareLocations: boolean): Promise<void>;
}) {
  const { t } = useI18n();
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shareLocations, setShareLocations] = useState(false);
  return (
    <section class="card terms" aria-labelledby="photo-terms-title" data-testid="photo-terms">
      <h1 id="photo-terms-title">{t("join.termsTitle")}</h1>
      <p>{t("photos.termsDeclined")}</p>
      <p class="terms-text">{terms}</p>
      <p class="hint">{t("photos.locationTerms")}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={shareLocations}
          data-testid="photo-terms-share-locations"
          onChange={(event) => setShareLocations(event.currentTarget.checked)}
        />
        <span>{t("photos.shareLocations")}</span>
      </label>
      <button
        type="button"
        class="button primary"
        disabled={busy}
        data-testid="photo-terms-accept"
        onClick={() => {
          setBusy(true);
          accept(shareLocations).then(
            () => setBusy(false),
            (error: unknown) => {
              setBusy(false);
              setFailed(messageOf(error));
            },
          );
        }}
      >
        {t("join.termsAccept")}
      </button>
      {failed && (
        <p class="error" role="alert">
          {t("photos.failed", { message: failed })}
        </p>
      )}
    </section>
  );
}
