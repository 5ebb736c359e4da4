import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { AuditView } from "../../api";
import { useI18n } from "../I18n";
import { BenchmarkScreen } from "./BenchmarkScreen";
import { ConsensusScreen } from "./ConsensusScreen";
import { DeskResearchScreen } from "./DeskResearchScreen";
import { FocusGroupsScreen } from "./FocusGroupsScreen";
import { MapScreen } from "./MapScreen";
import { PrepareScreen } from "./PrepareScreen";
import { ProgressScreen } from "./ProgressScreen";
import { ReportScreen } from "./ReportScreen";
import { ResultsScreen } from "./ResultsScreen";
import { ReviewScreen } from "./ReviewScreen";
import { useFacilitatorRoute, type FacilitatorRoute } from "./useFacilitatorRoute";
import "./facilitator.css";
import "./methods.css";
import "./wide.css";

interface Props {
  audit: AuditView | null;
  /** Shown instead of a screen while the audit is not loaded (loading or its problem). */
  waiting: ComponentChildren;
  /** The settings screen, shared with participants. */
  settings: ComponentChildren;
  syncBar: ComponentChildren;
  /** Changes after every sync, so screens load the new documents. */
  lastSyncAt: number | null;
  onAuditChanged(audit: AuditView): void;
}

/** The facilitator's app: prepare, follow, merge, discuss and report, under the sync bar. */
export function FacilitatorShell({
  audit,
  waiting,
  settings,
  syncBar,
  lastSyncAt,
  onAuditChanged,
}: Props) {
  const [route, go] = useFacilitatorRoute();
  // The earlier audit chosen for comparison stays chosen while moving between screens;
  // undefined: not chosen here yet, so the one kept in the audit document applies.
  const [compareWith, setCompareWith] = useState<string | null | undefined>(undefined);

  let screen: ComponentChildren;
  if (route === "settings") screen = settings;
  else if (!audit && route === "prepare")
    // With no audit yet (or none readable), Prepare still lets the facilitator create one.
    screen = <PrepareScreen audit={null} waiting={waiting} onAuditChanged={onAuditChanged} />;
  else if (!audit) screen = waiting;
  else if (route === "benchmark" && audit.benchmark)
    screen = <BenchmarkScreen lastSyncAt={lastSyncAt} />;
  else if (route === "desk") screen = <DeskResearchScreen lastSyncAt={lastSyncAt} />;
  else if (route === "focus") screen = <FocusGroupsScreen lastSyncAt={lastSyncAt} />;
  else if (route === "progress") screen = <ProgressScreen audit={audit} lastSyncAt={lastSyncAt} />;
  else if (route === "results")
    screen = (
      <ResultsScreen
        audit={audit}
        lastSyncAt={lastSyncAt}
        compareWith={compareWith}
        onCompareWith={setCompareWith}
      />
    );
  else if (route === "consensus")
    screen = <ConsensusScreen audit={audit} lastSyncAt={lastSyncAt} />;
  else if (route === "review") screen = <ReviewScreen audit={audit} lastSyncAt={lastSyncAt} />;
  else if (route === "map") screen = <MapScreen audit={audit} lastSyncAt={lastSyncAt} />;
  else if (route === "report") screen = <ReportScreen audit={audit} />;
  else
    screen = (
      <PrepareScreen
        audit={audit}
        waiting={null}
        onAuditChanged={(next) => {
          setCompareWith(undefined);
          onAuditChanged(next);
        }}
      />
    );

  return (
    <>
      <header class="app-header">
        {syncBar}
        <FacilitatorNav route={route} go={go} benchmark={audit?.benchmark ?? false} />
      </header>
      <main id="main" class="app-main facilitator-main">
        {screen}
      </main>
    </>
  );
}

const NAV: { route: FacilitatorRoute; key: string; icon: string }[] = [
  { route: "prepare", key: "fnav.prepare", icon: "✎" },
  { route: "benchmark", key: "fnav.benchmark", icon: "◇" },
  { route: "desk", key: "fnav.desk", icon: "❐" },
  { route: "focus", key: "fnav.focus", icon: "☷" },
  { route: "progress", key: "fnav.progress", icon: "◔" },
  { route: "results", key: "fnav.results", icon: "▤" },
  { route: "consensus", key: "fnav.consensus", icon: "⚖" },
  { route: "review", key: "fnav.review", icon: "▣" },
  { route: "map", key: "fnav.map", icon: "◎" },
  { route: "report", key: "fnav.report", icon: "▥" },
  { route: "settings", key: "nav.settings", icon: "⚙" },
];

/** The screens of a benchmark self-assessment; the others are those of a city walk audit. */
const BENCHMARK_ROUTES: FacilitatorRoute[] = ["prepare", "benchmark", "report", "settings"];

function FacilitatorNav({
  route,
  go,
  benchmark,
}: {
  route: FacilitatorRoute;
  go(route: FacilitatorRoute): void;
  benchmark: boolean;
}) {
  const { t } = useI18n();
  const shown = benchmark
    ? NAV.filter((entry) => BENCHMARK_ROUTES.includes(entry.route))
    : NAV.filter((entry) => entry.route !== "benchmark");
  return (
    <nav class="app-nav facilitator-nav" aria-label={t("nav.label")}>
      {shown.map((entry) => (
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
