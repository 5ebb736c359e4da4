import { useEffect, useState } from "preact/hooks";
import {
  messageOf,
  type DemoInvite,
  type JoinRequest,
  type ParticipantGroup,
  type PhotovoiceTemplate,
  type Session,
} from "../api";
import { isServerUrl, looksLikeJoinLink, normaliseServer, parseJoinLink } from "../logic/joinLink";
import { useI18n } from "./I18n";
import { LanguagePicker } from "./LanguagePicker";
import { LIMITS } from "../limits";

/** Longest display name the backend accepts (core's `limits::DISPLAY_NAME`). */
const MAX_NAME = LIMITS.displayName;

interface Props {
  /** Groups known before joining (the built-in list; the audit's own is not known yet). */
  groups: ParticipantGroup[];
  /** The built-in photovoice template, for its usage terms. */
  photovoice: PhotovoiceTemplate;
  join(request: JoinRequest): Promise<Session>;
  onJoined(session: Session): void;
  /** An invite link to start with (the one the browser app was opened with). */
  initialLink?: string;
  language: string | null;
  onLanguageChange(language: string | null): void;
  /** An invite to pre-fill (the embedded demo server's), if any. */
  demoInvite?: () => Promise<DemoInvite | null>;
}

/** Joining an audit with an invite: link or server + code, a name, a group, the photo terms. */
export function JoinScreen({
  groups,
  photovoice,
  join,
  onJoined,
  initialLink = "",
  language,
  onLanguageChange,
  demoInvite,
}: Props) {
  const { t, text } = useI18n();
  const [link, setLink] = useState(initialLink);
  const [server, setServer] = useState("");
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [group, setGroup] = useState("");
  // A choice's code, "self" for a self-description, "" for not given.
  const [gender, setGender] = useState("");
  const [selfDescribed, setSelfDescribed] = useState("");
  const [accept, setAccept] = useState(false);
  const [shareLocations, setShareLocations] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);

  useEffect(() => {
    if (!demoInvite) return;
    let current = true;
    demoInvite()
      .then((invite) => {
        if (current && invite) setLink((typed) => (typed === "" ? invite.link : typed));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [demoInvite]);

  const parsedLink = link.trim() === "" ? null : parseJoinLink(link);
  const linkBroken = link.trim() !== "" && parsedLink === null;

  const check = (): string | null => {
    if (link.trim() !== "") {
      if (!parsedLink) return t("join.linkInvalid");
    } else {
      if (server.trim() === "" && code.trim() === "") return t("join.inviteMissing");
      if (!isServerUrl(normaliseServer(server))) return t("join.serverInvalid");
      if (code.trim() === "") return t("join.codeMissing");
    }
    if (name.trim() === "") return t("join.nameMissing");
    if (name.trim().length > MAX_NAME) return t("join.nameTooLong", { max: MAX_NAME });
    if (group === "") return t("join.groupMissing");
    return null;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const invalid = check();
    setProblem(invalid);
    if (invalid) return;
    const usingLink = link.trim() !== "";
    setJoining(true);
    try {
      const session = await join({
        link: usingLink ? link.trim() : null,
        server: usingLink ? null : normaliseServer(server),
        code: usingLink ? null : code.trim(),
        displayName: name.trim(),
        group,
        gender: gender === "self" ? selfDescribed.trim() || null : gender || null,
        acceptPhotoTerms: accept,
        sharePhotoLocations: accept && shareLocations,
      });
      onJoined(session);
    } catch (error) {
      setProblem(t("join.failed", { message: messageOf(error) }));
      setJoining(false);
    }
  };

  return (
    <div class="screen join-screen">
      <section class="card">
        <LanguagePicker value={language} onChange={onLanguageChange} testId="join-language" />
      </section>
      <form class="card join-form" onSubmit={submit} noValidate>
        <h1>{t("join.title")}</h1>
        <p>{t("join.intro")}</p>

        <label class="field">
          <span class="label">{t("join.link")}</span>
          <input
            type="text"
            inputMode="url"
            dir="ltr"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            value={link}
            placeholder="cityaudit://join?server=…&code=…"
            data-testid="join-link"
            aria-invalid={linkBroken}
            onInput={(event) => setLink(event.currentTarget.value)}
          />
          <span class="hint">{t("join.linkHint")}</span>
          {parsedLink && (
            <span class="ok" data-testid="join-link-ok">
              {t("join.linkOk", { server: parsedLink.server, code: parsedLink.code })}
            </span>
          )}
          {linkBroken && looksLikeJoinLink(link) && (
            <span class="error">{t("join.linkInvalid")}</span>
          )}
        </label>

        <p class="or" aria-hidden="true">
          {t("join.or")}
        </p>

        <fieldset class="invite" disabled={link.trim() !== ""}>
          <label class="field">
            <span class="label">{t("join.server")}</span>
            <input
              type="url"
              inputMode="url"
              dir="ltr"
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              value={server}
              placeholder="https://"
              data-testid="join-server"
              onInput={(event) => setServer(event.currentTarget.value)}
            />
            <span class="hint">{t("join.serverHint")}</span>
          </label>
          <label class="field">
            <span class="label">{t("join.code")}</span>
            <input
              type="text"
              dir="ltr"
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              value={code}
              data-testid="join-code"
              onInput={(event) => setCode(event.currentTarget.value)}
            />
          </label>
        </fieldset>

        <label class="field">
          <span class="label">{t("join.name")}</span>
          <input
            type="text"
            autoComplete="nickname"
            maxLength={MAX_NAME}
            value={name}
            dir="auto"
            data-testid="join-name"
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <span class="hint">{t("join.nameHint")}</span>
        </label>

        <label class="field">
          <span class="label">{t("join.group")}</span>
          <select
            value={group}
            data-testid="join-group"
            onChange={(event) => setGroup(event.currentTarget.value)}
          >
            <option value="" disabled>
              {t("join.groupChoose")}
            </option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {text(g.label)}
              </option>
            ))}
          </select>
        </label>

        <fieldset class="field choice-group" data-testid="join-gender">
          <legend class="label">{t("join.gender")}</legend>
          <span class="hint">{t("join.genderHint")}</span>
          {[...LIMITS.genderChoices, "self"].map((choice) => (
            <label key={choice} class="choice">
              <input
                type="radio"
                name="gender"
                value={choice}
                checked={gender === choice}
                data-testid={`join-gender-${choice}`}
                onChange={() => setGender(choice)}
              />
              <span>{t(`gender.${choice}`)}</span>
            </label>
          ))}
          {gender === "self" && (
            <label class="field">
              <span class="label">{t("join.genderSelf")}</span>
              <input
                type="text"
                maxLength={MAX_NAME}
                autoComplete="off"
                value={selfDescribed}
                dir="auto"
                data-testid="join-gender-text"
                onInput={(event) => setSelfDescribed(event.currentTarget.value)}
              />
            </label>
          )}
        </fieldset>

        <section class="terms" aria-labelledby="terms-title">
          <h2 id="terms-title">{t("join.termsTitle")}</h2>
          <p class="terms-text" data-testid="join-terms">
            {text(photovoice.usage_terms)}
          </p>
          <label class="check">
            <input
              type="checkbox"
              checked={accept}
              data-testid="join-accept-terms"
              onChange={(event) => setAccept(event.currentTarget.checked)}
            />
            <span>{t("join.termsAccept")}</span>
          </label>
          <p class="hint">{t("join.termsNote")}</p>
          <p class="hint">{t("photos.locationTerms")}</p>
          <label class="check">
            <input
              type="checkbox"
              checked={accept && shareLocations}
              disabled={!accept}
              data-testid="join-share-locations"
              onChange={(event) => setShareLocations(event.currentTarget.checked)}
            />
            <span>{t("photos.shareLocations")}</span>
          </label>
        </section>

        {problem && (
          <p class="error" role="alert" data-testid="join-error">
            {problem}
          </p>
        )}
        <button
          type="submit"
          class="button primary wide"
          disabled={joining}
          data-testid="join-submit"
        >
          {joining ? t("join.submitting") : t("join.submit")}
        </button>
      </form>
    </div>
  );
}
