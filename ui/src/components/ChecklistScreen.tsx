import type { Answer, AnswerItemRequest, AuditView, ResponseProgress } from "../api";
import { useI18n } from "./I18n";
import { ProgressBar } from "./ProgressBar";
import { SectionCard } from "./SectionCard";

interface Props {
  audit: AuditView;
  answers: Record<string, Answer>;
  /** How far the person has come, as core counted it. */
  progress: ResponseProgress;
  hasResponse: boolean;
  save(request: AnswerItemRequest): Promise<Answer>;
  onSaved(item: string, answer: Answer): void;
  onGoToStops(): void;
}

/** The whole-city checklist: the four areas, each statement scored 1-5 or "don't know". */
export function ChecklistScreen({
  audit,
  answers,
  progress: counted,
  hasResponse,
  save,
  onSaved,
  onGoToStops,
}: Props) {
  const { t, text } = useI18n();
  const checklist = audit.checklist;
  if (!checklist) return <p class="note">{t("checklist.none")}</p>;
  if (!hasResponse) return <p class="note">{t("checklist.noResponse")}</p>;

  const progress = counted.overall;
  return (
    <div class="screen checklist-screen">
      <header class="screen-header">
        <h1>{text(checklist.title)}</h1>
        <p
          class="overall-progress"
          data-testid="overall-progress"
          data-answered={progress.answered}
          data-total={progress.total}
        >
          {t("checklist.overall", progress)}
        </p>
        <ProgressBar progress={progress} />
      </header>
      {checklist.sections.map((section) => (
        <SectionCard
          key={section.id}
          section={section}
          scale={checklist.scale}
          answers={answers}
          progress={counted.sections[section.id]}
          save={(item, change) => save({ item, ...change })}
          onSaved={onSaved}
          onGoToStops={onGoToStops}
        />
      ))}
    </div>
  );
}
