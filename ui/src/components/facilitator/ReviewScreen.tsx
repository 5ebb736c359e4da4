import { useState } from "preact/hooks";
import { messageOf, type AuditView } from "../../api";
import { facilitatorApi, type ReviewPhoto } from "../../facilitatorApi";
import { photosByTheme } from "../../logic/results";
import { locationSourceKey } from "../../logic/location";
import { useI18n } from "../I18n";
import { receivedApi } from "../../receivedApi";
import { LoadState } from "./LoadState";
import { ReceivedPhotoForm } from "./ReceivedPhotoForm";
import { useLoad } from "./useLoad";

/** The photovoice review: photos by theme with credits, marking for the report, wrap-up findings. */
export function ReviewScreen({
  audit,
  lastSyncAt,
}: {
  audit: AuditView;
  lastSyncAt: number | null;
}) {
  const { t } = useI18n();
  const loaded = useLoad(async () => {
    const [photos, records] = await Promise.all([
      facilitatorApi.photosForReview(),
      facilitatorApi.records(),
    ]);
    return { photos, wrapUp: records.wrapUp };
  }, [lastSyncAt, audit.id]);
  const [markProblem, setMarkProblem] = useState<string | null>(null);
  const mark = async (photo: ReviewPhoto) => {
    setMarkProblem(null);
    try {
      const saved = await facilitatorApi.markPhoto({ hash: photo.hash, marked: !photo.marked });
      loaded.setData((d) => ({
        ...d,
        photos: d.photos.map((p) => (p.hash === saved.hash ? saved : p)),
      }));
    } catch (error) {
      setMarkProblem(t("facilitator.saveFailed", { message: messageOf(error) }));
    }
  };
  const showGallery = (photos: ReviewPhoto[]) => loaded.setData((d) => ({ ...d, photos }));
  const remove = async (photo: ReviewPhoto) => {
    setMarkProblem(null);
    try {
      showGallery(await receivedApi.removeReceivedPhoto(photo.hash));
    } catch (error) {
      setMarkProblem(t("facilitator.saveFailed", { message: messageOf(error) }));
    }
  };
  return (
    <div class="screen review-screen">
      <header class="screen-header">
        <h1>{t("review.title")}</h1>
      </header>
      {markProblem && (
        <p class="error" role="alert" data-testid="review-error">
          {markProblem}
        </p>
      )}
      <LoadState loaded={loaded}>
        {({ photos, wrapUp }) => (
          <>
            <p data-testid="review-marked-count">
              {t("review.markedCount", {
                marked: photos.filter((p) => p.marked).length,
                total: photos.length,
              })}
            </p>
            <Gallery audit={audit} photos={photos} onMark={mark} onRemove={remove} />
            <ReceivedPhotoForm themes={audit.photovoice?.themes ?? []} onAdded={showGallery} />
            <WrapUp audit={audit} saved={wrapUp} />
          </>
        )}
      </LoadState>
    </div>
  );
}

function Gallery({
  audit,
  photos,
  onMark,
  onRemove,
}: {
  audit: AuditView;
  photos: ReviewPhoto[];
  onMark(photo: ReviewPhoto): void;
  onRemove(photo: ReviewPhoto): void;
}) {
  const { t, text, number } = useI18n();
  const groups = photosByTheme(photos, audit.photovoice?.themes ?? []);
  return (
    <>
      {groups.map((group) => (
        <section
          key={group.theme}
          class="card"
          aria-labelledby={`review-theme-title-${group.theme}`}
          data-testid={`review-theme-${group.theme}`}
        >
          <h2 id={`review-theme-title-${group.theme}`}>
            {group.title ? text(group.title) : group.theme}{" "}
            <span class="hint">({number(group.photos.length)})</span>
          </h2>
          {group.photos.length === 0 ? (
            <p class="empty">{t("review.noPhotos")}</p>
          ) : (
            <ul class="review-gallery">
              {group.photos.map((photo) => (
                <li
                  key={photo.hash}
                  class="review-photo"
                  data-testid={`review-photo-${photo.hash}`}
                >
                  <img src={photo.thumbnail} alt={photo.title} loading="lazy" />
                  <div class="review-photo-text">
                    <h3 dir="auto">{photo.title}</h3>
                    {photo.caption && <p dir="auto">{photo.caption}</p>}
                    <p class="credit" data-testid={`review-credit-${photo.hash}`}>
                      {t("review.credit", { name: photo.credit })}
                    </p>
                    {photo.receivedVia && (
                      <p class="hint" dir="auto" data-testid={`review-received-${photo.hash}`}>
                        {t("received.receivedVia", {
                          via: t(`received.via.${photo.receivedVia}`),
                          note: photo.consentNote,
                        })}
                      </p>
                    )}
                    <p class="hint">
                      {photo.location
                        ? t("review.location", {
                            lat: number(photo.location.lat, { maximumFractionDigits: 5 }),
                            lon: number(photo.location.lon, { maximumFractionDigits: 5 }),
                            source: t(locationSourceKey(photo.location)),
                          })
                        : t("review.noLocation")}
                    </p>
                    {!photo.uploaded && <p class="warn-text">{t("review.notUploaded")}</p>}
                    <button
                      type="button"
                      class={`button ${photo.marked ? "primary" : "secondary"} wide`}
                      aria-pressed={photo.marked}
                      data-testid={`review-mark-${photo.hash}`}
                      onClick={() => onMark(photo)}
                    >
                      {photo.marked ? t("review.marked") : t("review.mark")}
                    </button>
                    {photo.receivedVia && (
                      <button
                        type="button"
                        class="button secondary wide"
                        data-testid={`review-remove-${photo.hash}`}
                        onClick={() => onRemove(photo)}
                      >
                        {t("received.remove")}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

function WrapUp({ audit, saved }: { audit: AuditView; saved: Record<string, string> }) {
  const { t, text } = useI18n();
  const questions = audit.photovoice?.wrap_up ?? [];
  if (questions.length === 0) return null;
  return (
    <section class="card" aria-labelledby="review-wrapup">
      <h2 id="review-wrapup">{t("review.wrapUp")}</h2>
      <p class="hint">{t("review.wrapUpHint")}</p>
      {questions.map((q) => (
        <WrapUpAnswer key={q.id} id={q.id} title={text(q.title)} initial={saved[q.id] ?? ""} />
      ))}
    </section>
  );
}

function WrapUpAnswer({ id, title, initial }: { id: string; title: string; initial: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(initial);
  const [state, setState] = useState<"idle" | "saving" | "saved" | string>("idle");
  const save = async () => {
    setState("saving");
    try {
      await facilitatorApi.setWrapUp({ question: id, text: value });
      setState("saved");
    } catch (error) {
      setState(messageOf(error));
    }
  };
  const failed = !["idle", "saving", "saved"].includes(state);
  return (
    <div class="wrap-up-answer">
      <label class="field">
        <span class="label">{title}</span>
        <textarea
          rows={3}
          dir="auto"
          value={value}
          data-testid={`wrapup-${id}`}
          onInput={(event) => {
            setValue(event.currentTarget.value);
            setState("idle");
          }}
        />
      </label>
      <div class="button-row">
        <button
          type="button"
          class="button primary"
          disabled={state === "saving"}
          data-testid={`wrapup-save-${id}`}
          onClick={save}
        >
          {t("facilitator.save")}
        </button>
        {state === "saved" && (
          <span class="ok" role="status" data-testid={`wrapup-saved-${id}`}>
            {t("facilitator.saved")}
          </span>
        )}
        {failed && (
          <span class="error" role="alert" data-testid={`wrapup-error-${id}`}>
            {t("facilitator.saveFailed", { message: state })}
          </span>
        )}
      </div>
    </div>
  );
}
