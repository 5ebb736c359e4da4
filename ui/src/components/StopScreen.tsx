import { useState } from "preact/hooks";
import type { Answer, AnswerAtStopRequest, AuditView, StopView, VisitStopRequest } from "../api";
import { stopsInVisitOrder } from "../logic/stops";
import { useI18n } from "./I18n";
import { StopCard } from "./StopCard";
import { StopForm } from "./StopForm";

interface Props {
  audit: AuditView;
  stops: StopView[];
  hasResponse: boolean;
  visitStop(request: VisitStopRequest): Promise<StopView>;
  answerAtStop(request: AnswerAtStopRequest): Promise<Answer>;
  onStopAdded(stop: StopView): void;
  onAnswerSaved(stop: string, item: string, answer: Answer): void;
}

/** The stops of the walk: the ones recorded, and a form to add the next. */
export function StopScreen({
  audit,
  stops,
  hasResponse,
  visitStop,
  answerAtStop,
  onStopAdded,
  onAnswerSaved,
}: Props) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [openStop, setOpenStop] = useState<string | null>(null);
  const section = audit.checklist?.sections.find((s) => s.per_stop) ?? null;
  const scale = audit.checklist?.scale ?? null;

  if (!hasResponse) return <p class="note">{t("checklist.noResponse")}</p>;

  const ordered = stopsInVisitOrder(stops);
  return (
    <div class="screen stop-screen">
      <header class="screen-header">
        <h1>{t("stops.title")}</h1>
        <p>{t("stops.intro")}</p>
        {!section && <p class="note">{t("stops.noStatements")}</p>}
      </header>
      {adding ? (
        <StopForm
          plannedStops={audit.plannedStops}
          visited={stops}
          save={visitStop}
          onSaved={(stop) => {
            onStopAdded(stop);
            setAdding(false);
            setOpenStop(stop.id);
            requestAnimationFrame(() =>
              document
                .querySelector(`[data-testid="stop-card-${CSS.escape(stop.id)}"]`)
                ?.scrollIntoView({ block: "start" }),
            );
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button
          type="button"
          class="button primary wide"
          data-testid="stop-add"
          onClick={() => setAdding(true)}
        >
          {t("stops.add")}
        </button>
      )}
      {ordered.length === 0 ? (
        <p class="empty">{t("stops.none")}</p>
      ) : (
        <ol class="stop-list">
          {ordered.map((stop) => (
            <StopCard
              key={stop.id}
              stop={stop}
              section={section}
              scale={scale}
              open={openStop === stop.id}
              onToggle={() => setOpenStop(openStop === stop.id ? null : stop.id)}
              save={(item, change) => answerAtStop({ stop: stop.id, item, ...change })}
              onSaved={(item, answer) => onAnswerSaved(stop.id, item, answer)}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
