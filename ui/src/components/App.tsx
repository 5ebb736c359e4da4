import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import {
  api,
  BackendMissing,
  BackendUnavailable,
  messageOf,
  type Answer,
  type AnswerAtStopRequest,
  type AnswerItemRequest,
  type AuditView,
  type PhotoView,
  type ResponseView,
  type Session,
  type StopView,
} from "../api";
import { createTranslator, loadCatalogue } from "../i18n";
import { newerAnswer } from "../logic/answers";
import { resolveLanguage } from "../logic/i18n";
import { builtinGroups, builtinPhotovoice } from "../templates";
import { ChecklistScreen } from "./ChecklistScreen";
import { FacilitatorShell } from "./facilitator/FacilitatorShell";
import { I18nProvider, useI18n, useTranslator } from "./I18n";
import { JoinScreen } from "./JoinScreen";
import { ParticipantMapScreen } from "./ParticipantMapScreen";
import { PhotoScreen } from "./PhotoScreen";
import { extraTemplateLanguages, withStatementLanguage } from "../logic/statementLanguage";
import { SettingsScreen } from "./SettingsScreen";
import { StopScreen } from "./StopScreen";
import { SyncStatusBar } from "./SyncStatusBar";
import { useRoute, type Route } from "./useRoute";
import { useSyncStatus } from "./useSyncStatus";

const ENGLISH = createTranslator("en");

const EMPTY_RESPONSE: ResponseView = {
  answers: {},
  stops: [],
  photos: [],
  photoTermsAccepted: false,
  sharesPhotoLocations: false,
  progress: { overall: { answered: 0, total: 0 }, sections: {} },
};

/**
 * Before joining there is no session to keep the language in, so the choice
 * made on the join screen is remembered here until the backend has it.
 */
const LANGUAGE_KEY = "cityaudit.language";
function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}
function storeLanguage(language: string | null) {
  try {
    if (language === null) window.localStorage.removeItem(LANGUAGE_KEY);
    else window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts this run.
  }
}

const STATEMENT_LANGUAGE_KEY = "cityaudit.statementLanguage";

function storedStatementLanguage(): string | null {
  try {
    return window.localStorage.getItem(STATEMENT_LANGUAGE_KEY);
  } catch {
    return null;
  }
}

function storeStatementLanguage(tag: string | null) {
  try {
    if (tag === null) window.localStorage.removeItem(STATEMENT_LANGUAGE_KEY);
    else window.localStorage.setItem(STATEMENT_LANGUAGE_KEY, tag);
  } catch {
    // As for the language: the choice then lasts this run.
  }
}

function systemLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

interface Props {
  /** The invite the page was opened with (the browser app's `/app/join?code=…`), for the join form. */
  inviteLink?: string | null;
  /** Called once the device has a session, joined now or before (the browser app leaves `/app/join`). */
  onJoined?: () => void;
  /** Resolves true when the browser may clear this device's data (persistent storage refused). */
  storageAtRisk?: Promise<boolean>;
}

/** The app: join once, then the checklist, stops, photos and settings under a sync bar. */
export function App({ inviteLink = null, onJoined, storageAtRisk }: Props = {}) {
  // undefined: not asked yet; null: not joined.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [startProblem, setStartProblem] = useState<
    | { kind: "noBackend" }
    | { kind: "noStorage"; message: string }
    | { kind: "failed"; message: string }
    | null
  >(null);
  const [storageWarning, setStorageWarning] = useState(false);
  const [language, setLanguage] = useState<string | null>(storedLanguage);
  const [languageProblem, setLanguageProblem] = useState<string | null>(null);
  const [statementLanguage, setStatementLanguage] = useState<string | null>(
    storedStatementLanguage,
  );
  const [audit, setAudit] = useState<AuditView | null>(null);
  const [response, setResponse] = useState<ResponseView | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [route, go] = useRoute();
  const sync = useSyncStatus(Boolean(session));

  // The language in use arrives with its catalogue (i18n/index.ts); until then the one shown before stays.
  const shown = useTranslator(resolveLanguage(language, systemLanguages()));
  // A template language the screens lack (extraTemplateLanguages) shows the statements only.
  const translator = withStatementLanguage(
    shown ?? ENGLISH,
    statementLanguage !== null && extraTemplateLanguages(audit).includes(statementLanguage)
      ? statementLanguage
      : null,
  );
  const { t } = translator;

  useEffect(() => {
    if (!shown) return;
    const root = document.documentElement;
    root.lang = shown.language;
    root.dir = shown.dir;
    document.title = shown.t("app.name");
  }, [shown]);

  const start = useCallback(async () => {
    setStartProblem(null);
    try {
      const found = await api.session();
      if (found) {
        setLanguage(found.language);
        // The first screen opens in the kept language, not in the one before it.
        await loadCatalogue(resolveLanguage(found.language, systemLanguages()));
      }
      setSession(found);
    } catch (error) {
      setStartProblem(
        error instanceof BackendMissing
          ? { kind: "noBackend" }
          : error instanceof BackendUnavailable
            ? { kind: "noStorage", message: messageOf(error) }
            : { kind: "failed", message: messageOf(error) },
      );
    }
  }, []);
  useEffect(() => {
    void start();
  }, [start]);

  const hasSession = Boolean(session);
  useEffect(() => {
    if (hasSession) onJoined?.();
  }, [hasSession]);

  useEffect(() => {
    let current = true;
    storageAtRisk?.then((atRisk) => current && setStorageWarning(atRisk)).catch(() => undefined);
    return () => {
      current = false;
    };
  }, [storageAtRisk]);

  const hasResponse = Boolean(session?.responseId);
  const load = useCallback(
    async (quietly: boolean) => {
      if (!quietly) setLoadProblem(null);
      try {
        const [nextAudit, nextResponse] = await Promise.all([
          api.audit(),
          hasResponse ? api.response() : Promise.resolve(EMPTY_RESPONSE),
        ]);
        setAudit(nextAudit);
        setResponse(nextResponse);
        setLoadProblem(null);
      } catch (error) {
        if (!quietly) setLoadProblem(messageOf(error));
      }
    },
    [hasResponse],
  );
  useEffect(() => {
    if (session) void load(false);
  }, [session, load]);

  // A sync may bring the audit (just after joining), planned stops, or answers from another device.
  const lastSync = sync.status?.lastSyncAt ?? null;
  const seenSync = useRef<number | null>(null);
  useEffect(() => {
    if (!session || lastSync === null || lastSync === seenSync.current) return;
    const first = seenSync.current === null;
    seenSync.current = lastSync;
    if (!first) void load(audit !== null);
  }, [lastSync, session]);

  const chooseLanguage = async (next: string | null) => {
    setLanguage(next);
    storeLanguage(next);
    setLanguageProblem(null);
    if (!session) return; // kept locally; handed to the backend after joining
    try {
      await api.setLanguage(next);
    } catch (error) {
      setLanguageProblem(t("language.saveFailed", { message: messageOf(error) }));
    }
  };

  const joined = (next: Session) => {
    if (language !== null && next.language !== language) {
      api.setLanguage(language).catch(() => undefined);
      next = { ...next, language };
    }
    setSession(next);
    if (next.role === "facilitator") window.location.hash = "#/prepare";
    else go("checklist");
  };

  // Saves an answer; how far the person has come is the backend's word.
  const saveAnswer = async (request: AnswerItemRequest) => {
    const saved = await api.answerItem(request);
    setResponse((r) => r && { ...r, progress: saved.progress });
    return saved.answer;
  };
  const saveStopAnswer = async (request: AnswerAtStopRequest) => {
    const saved = await api.answerAtStop(request);
    const atStop = saved.stopProgress;
    setResponse(
      (r) =>
        r && {
          ...r,
          progress: saved.progress,
          stops: r.stops.map((stop) =>
            stop.id === request.stop && atStop ? { ...stop, progress: atStop } : stop,
          ),
        },
    );
    return saved.answer;
  };

  // The response as the backend returned it, patched with each stored record.
  const answerSaved = (item: string, answer: Answer) =>
    setResponse(
      (r) => r && { ...r, answers: { ...r.answers, [item]: newerAnswer(r.answers[item], answer) } },
    );
  const stopAnswerSaved = (stopId: string, item: string, answer: Answer) =>
    setResponse(
      (r) =>
        r && {
          ...r,
          stops: r.stops.map((stop) =>
            stop.id === stopId
              ? {
                  ...stop,
                  answers: { ...stop.answers, [item]: newerAnswer(stop.answers[item], answer) },
                }
              : stop,
          ),
        },
    );
  const stopAdded = (stop: StopView) =>
    setResponse((r) => r && { ...r, stops: [...r.stops.filter((s) => s.id !== stop.id), stop] });
  const photoSaved = (photo: PhotoView) =>
    setResponse((r) => {
      if (!r) return r;
      const known = r.photos.some((p) => p.hash === photo.hash);
      return {
        ...r,
        photos: known
          ? r.photos.map((p) => (p.hash === photo.hash ? photo : p))
          : [...r.photos, photo],
      };
    });

  let body;
  if (session === undefined) {
    body = (
      <main class="screen start-screen" id="main">
        {startProblem ? (
          <Problem
            message={
              startProblem.kind === "noBackend"
                ? t("app.backendMissing")
                : startProblem.kind === "noStorage"
                  ? t("app.storageUnavailable")
                  : startProblem.message
            }
            detail={startProblem.kind === "noStorage" ? startProblem.message : null}
            onRetry={start}
          />
        ) : (
          <p class="loading">{t("app.loading")}</p>
        )}
      </main>
    );
  } else if (session === null) {
    body = (
      <main id="main">
        <JoinScreen
          groups={builtinGroups}
          photovoice={builtinPhotovoice}
          join={api.join}
          onJoined={joined}
          initialLink={inviteLink ?? ""}
          language={language}
          onLanguageChange={chooseLanguage}
          demoInvite={api.demoInvite}
        />
      </main>
    );
  } else {
    const settings = (
      <SettingsScreen
        session={session}
        audit={audit}
        language={language}
        languageProblem={languageProblem}
        onLanguageChange={chooseLanguage}
        statementLanguage={statementLanguage}
        onStatementLanguageChange={(tag) => {
          storeStatementLanguage(tag);
          setStatementLanguage(tag);
        }}
      />
    );
    const waiting = loadProblem ? (
      <Problem
        message={t("app.loadFailed", { message: loadProblem })}
        onRetry={() => load(false)}
      />
    ) : (
      <p class="loading">{t("app.loading")}</p>
    );
    const syncBar = (
      <SyncStatusBar status={sync.status} problem={sync.problem} onSyncNow={sync.syncNow} />
    );
    let screen;
    if (session.role === "facilitator") {
      // The facilitator's screens have their own navigation (components/facilitator/).
      screen = null;
    } else if (route === "settings") {
      screen = settings;
    } else if (!audit || !response) {
      screen = waiting;
    } else if (route === "stops") {
      screen = (
        <StopScreen
          audit={audit}
          stops={response.stops}
          hasResponse={hasResponse}
          visitStop={api.visitStop}
          answerAtStop={saveStopAnswer}
          onStopAdded={stopAdded}
          onAnswerSaved={stopAnswerSaved}
        />
      );
    } else if (route === "map") {
      screen = (
        <ParticipantMapScreen audit={audit} photos={response.photos} lastSyncAt={lastSync} />
      );
    } else if (route === "photos") {
      screen = (
        <PhotoScreen
          audit={audit}
          photos={response.photos}
          stops={response.stops}
          uploads={sync.status?.uploads ?? []}
          hasResponse={hasResponse}
          termsAccepted={response.photoTermsAccepted}
          sharesLocations={response.sharesPhotoLocations}
          acceptTerms={async (shareLocations) =>
            setResponse(await api.acceptPhotoTerms(shareLocations))
          }
          addPhoto={api.addPhoto}
          editPhoto={api.editPhoto}
          onPhotoSaved={photoSaved}
        />
      );
    } else {
      screen = (
        <ChecklistScreen
          audit={audit}
          answers={response.answers}
          progress={response.progress}
          hasResponse={hasResponse}
          save={saveAnswer}
          onSaved={answerSaved}
          onGoToStops={() => go("stops")}
        />
      );
    }
    body =
      session.role === "facilitator" ? (
        <FacilitatorShell
          audit={audit}
          waiting={waiting}
          settings={settings}
          syncBar={syncBar}
          lastSyncAt={lastSync}
          onAuditChanged={setAudit}
        />
      ) : (
        <>
          <header class="app-header">
            {syncBar}
            <Navigation route={route} go={go} />
          </header>
          <main id="main" class="app-main">
            {screen}
          </main>
        </>
      );
  }

  if (!shown) {
    // The first catalogue is still loading (a moment, from the app's own files): no text yet.
    return (
      <div class="app" data-testid="app" aria-busy="true">
        <main class="screen start-screen" id="main" />
      </div>
    );
  }

  return (
    <I18nProvider translator={translator}>
      <div class="app" data-testid="app" data-language={translator.language}>
        {storageWarning && <StorageNotice onDismiss={() => setStorageWarning(false)} />}
        {body}
      </div>
    </I18nProvider>
  );
}

const NAV: { route: Route; key: string; icon: string }[] = [
  { route: "checklist", key: "nav.checklist", icon: "☑" },
  { route: "stops", key: "nav.stops", icon: "⚑" },
  { route: "photos", key: "nav.photos", icon: "▣" },
  { route: "map", key: "nav.map", icon: "◎" },
  { route: "settings", key: "nav.settings", icon: "⚙" },
];

function Navigation({ route, go }: { route: Route; go(route: Route): void }) {
  const { t } = useI18n();
  return (
    <nav class="app-nav" aria-label={t("nav.label")}>
      {NAV.map((entry) => (
        <a
          key={entry.route}
          href={`#/${entry.route}`}
          class="nav-link"
          aria-current={route === entry.route ? "page" : undefined}
          data-testid={`nav-${entry.route}`}
          onClick={(event) => {
            event.preventDefault();
            go(entry.route);
          }}
        >
          <span class="nav-icon" aria-hidden="true">
            {entry.icon}
          </span>
          <span class="nav-text">{t(entry.key)}</span>
        </a>
      ))}
    </nav>
  );
}

function Problem({
  message,
  detail = null,
  onRetry,
}: {
  message: string;
  /** The backend's own words, under the explanation. */
  detail?: string | null;
  onRetry(): void;
}) {
  const { t } = useI18n();
  return (
    <div class="card problem" role="alert" data-testid="load-problem">
      <p class="error">{message}</p>
      {detail && (
        <p class="hint" dir="auto" data-testid="load-problem-detail">
          {detail}
        </p>
      )}
      <button type="button" class="button primary" data-testid="retry" onClick={onRetry}>
        {t("app.retry")}
      </button>
    </div>
  );
}

/** The browser may clear this device's answers when space runs low: say so, once. */
function StorageNotice({ onDismiss }: { onDismiss(): void }) {
  const { t } = useI18n();
  return (
    <div class="storage-notice" role="status" data-testid="storage-notice">
      <p>{t("app.storageNotice")}</p>
      <button
        type="button"
        class="button link"
        data-testid="storage-notice-dismiss"
        onClick={onDismiss}
      >
        {t("app.storageNoticeDismiss")}
      </button>
    </div>
  );
}
