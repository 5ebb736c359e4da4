import { useState } from "preact/hooks";
import type { PhotoView, Theme, Upload } from "../api";
import { locationSourceKey } from "../logic/location";
import { uploadState } from "../logic/photos";
import { useI18n } from "./I18n";
import { PhotoForm } from "./PhotoForm";

interface Props {
  photo: PhotoView;
  themes: Theme[];
  uploads: Upload[];
  editing: boolean;
  onEdit(): void;
  onCancelEdit(): void;
  saveEdit(fields: {
    title: string;
    caption: string;
    theme: string;
    forgetLocation: boolean;
  }): Promise<void>;
}

/** One of the person's photos: thumbnail, words, where it is known from, and its upload. */
export function PhotoCard({
  photo,
  themes,
  uploads,
  editing,
  onEdit,
  onCancelEdit,
  saveEdit,
}: Props) {
  const { t, number } = useI18n();
  const upload = uploadState(photo, uploads);
  const [forgetLocation, setForgetLocation] = useState(false);
  return (
    <li class="card photo-card" data-testid={`photo-card-${photo.hash}`}>
      <img class="thumbnail" src={photo.thumbnail} alt={photo.title} loading="lazy" />
      {editing ? (
        <PhotoForm
          idPrefix="photo-edit"
          heading={t("photos.editTitle")}
          themes={themes}
          initial={{ title: photo.title, caption: photo.caption, theme: photo.theme }}
          submitLabel={t("photos.editSave")}
          onSubmit={(fields) => saveEdit({ ...fields, forgetLocation })}
          onCancel={onCancelEdit}
        >
          {photo.location && (
            <label class="check">
              <input
                type="checkbox"
                checked={forgetLocation}
                data-testid="photo-edit-forget-location"
                onChange={(event) => setForgetLocation(event.currentTarget.checked)}
              />
              <span>{t("photos.forgetLocation")}</span>
            </label>
          )}
        </PhotoForm>
      ) : (
        <div class="photo-details">
          <h4 class="photo-title" dir="auto">
            {photo.title}
          </h4>
          {photo.caption && (
            <p class="photo-caption" dir="auto">
              {photo.caption}
            </p>
          )}
          <p
            class="photo-location"
            data-testid={`photo-location-source-${photo.hash}`}
            data-source={photo.location?.source ?? "none"}
          >
            {t("location.label", { source: t(locationSourceKey(photo.location)) })}
          </p>
          <div class="upload" data-testid={`photo-upload-${photo.hash}`} data-state={upload.kind}>
            {upload.kind === "uploading" ? (
              <>
                <progress max={1} value={upload.fraction} />
                <span>
                  {t("photos.upload.progress", {
                    percent: number(upload.fraction, {
                      style: "percent",
                      maximumFractionDigits: 0,
                    }),
                  })}
                </span>
              </>
            ) : (
              <span class={upload.kind === "sent" ? "sent" : "waiting"}>
                {upload.kind === "sent"
                  ? `✓ ${t("photos.upload.sent")}`
                  : t("photos.upload.waiting")}
              </span>
            )}
          </div>
          <button
            type="button"
            class="button secondary"
            data-testid={`photo-edit-${photo.hash}`}
            onClick={onEdit}
          >
            {t("photos.edit")}
          </button>
        </div>
      )}
    </li>
  );
}
