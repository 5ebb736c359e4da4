import { useEffect, useState } from "preact/hooks";
import { type Location, type Theme } from "../../api";
import type { ReviewPhoto } from "../../facilitatorApi";
import { readAsDataUrl, splitDataUrl } from "../../logic/photos";
import { LIMITS } from "../../limits";
import { RECEIVED_VIA, receivedApi, type ReceivedVia } from "../../receivedApi";
import { useI18n } from "../I18n";
import { PhotoForm, type PhotoFields } from "../PhotoForm";
import { PositionPicker } from "../PositionPicker";

/**
 * Adds a photo that reached the facilitator outside the app: the picture,
 * title, caption and theme, whom to credit, how it came and how its
 * photographer consented. Core checks every field and strips the picture.
 */
export function ReceivedPhotoForm({
  themes,
  onAdded,
}: {
  themes: Theme[];
  onAdded(gallery: ReviewPhoto[]): void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const [credit, setCredit] = useState("");
  const [via, setVia] = useState<ReceivedVia>("email");
  const [consent, setConsent] = useState(false);
  const [consentNote, setConsentNote] = useState("");
  const [location, setLocation] = useState<Location | null>(null);
  const [locationProblem, setLocationProblem] = useState<string | null>(null);
  const [keepPhotoPosition, setKeepPhotoPosition] = useState(false);
  const [added, setAdded] = useState(0);

  useEffect(() => {
    if (!file) return;
    let cancelled = false;
    setDataUrl(null);
    readAsDataUrl(file)
      .then((url) => !cancelled && setDataUrl(url))
      .catch(() => !cancelled && setReadProblem(t("photos.readFailed", { name: file.name })));
    return () => {
      cancelled = true;
    };
  }, [file]);

  const reset = () => {
    setFile(null);
    setDataUrl(null);
    setCredit("");
    setConsent(false);
    setConsentNote("");
    setLocation(null);
    setKeepPhotoPosition(false);
  };

  const save = async (fields: PhotoFields) => {
    if (!file || !dataUrl) return;
    if (locationProblem) throw new Error(locationProblem);
    const data = splitDataUrl(dataUrl);
    if (!data) throw new Error(t("photos.readFailed", { name: file.name }));
    const gallery = await receivedApi.addReceivedPhoto(
      {
        fileName: file.name,
        ...fields,
        credit,
        receivedVia: via,
        consent,
        consentNote,
        location,
        keepPhotoPosition,
      },
      data.base64,
    );
    onAdded(gallery);
    setAdded((n) => n + 1);
    reset();
  };

  return (
    <section class="card" aria-labelledby="received-title" data-testid="received-photos">
      <h2 id="received-title">{t("received.title")}</h2>
      <p class="hint">{t("received.intro")}</p>
      <label class="button secondary file-button">
        {t("received.pick")}
        <input
          type="file"
          accept="image/*"
          class="visually-hidden"
          data-testid="received-file"
          onChange={(event) => {
            setReadProblem(null);
            setFile(event.currentTarget.files?.[0] ?? null);
            event.currentTarget.value = "";
          }}
        />
      </label>
      {added > 0 && !file && (
        <p class="ok" role="status" data-testid="received-added">
          {t("received.added")}
        </p>
      )}
      {readProblem && (
        <p class="error" role="alert">
          {readProblem}
        </p>
      )}
      {file && dataUrl && (
        <PhotoForm
          key={`${added}-${file.name}`}
          idPrefix="received"
          heading={file.name}
          themes={themes}
          initial={{ title: "", caption: "", theme: "" }}
          preview={dataUrl}
          submitLabel={t("received.save")}
          onSubmit={save}
          onCancel={reset}
        >
          <label class="field">
            <span class="label">{t("received.credit")}</span>
            <span class="hint">{t("received.creditHint")}</span>
            <input
              type="text"
              maxLength={LIMITS.shortText}
              value={credit}
              dir="auto"
              data-testid="received-credit"
              onInput={(event) => setCredit(event.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span class="label">{t("received.via")}</span>
            <select
              value={via}
              data-testid="received-via"
              onChange={(event) => setVia(event.currentTarget.value as ReceivedVia)}
            >
              {RECEIVED_VIA.map((id) => (
                <option key={id} value={id}>
                  {t(`received.via.${id}`)}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={consent}
              data-testid="received-consent"
              onChange={(event) => setConsent(event.currentTarget.checked)}
            />
            <span>{t("received.consent")}</span>
          </label>
          <label class="field">
            <span class="label">{t("received.consentNote")}</span>
            <span class="hint">{t("received.consentNoteHint")}</span>
            <textarea
              rows={2}
              maxLength={LIMITS.shortText}
              value={consentNote}
              dir="auto"
              data-testid="received-consent-note"
              onInput={(event) => setConsentNote(event.currentTarget.value)}
            />
          </label>
          <PositionPicker
            idPrefix="received"
            value={location}
            hint={t("received.positionHint")}
            onChange={(value, problem) => {
              setLocation(value);
              setLocationProblem(problem);
            }}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={keepPhotoPosition}
              data-testid="received-keep-position"
              onChange={(event) => setKeepPhotoPosition(event.currentTarget.checked)}
            />
            <span>{t("received.keepPosition")}</span>
          </label>
        </PhotoForm>
      )}
    </section>
  );
}
