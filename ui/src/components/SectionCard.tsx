import type { Answer, AnswerItemRequest, Progress, Scale, Section } from "../api";
import { isComplete } from "../logic/progress";
import { ChecklistItem } from "./ChecklistItem";
import { useI18n } from "./I18n";
import { ProgressBar } from "./ProgressBar";
import { itemTestIds } from "./testIds";

interface Props {
  section: Section;
  scale: Scale;
  answers: Record<string, Answer>;
  /** The area's statements answered, as core counted them (none for per-stop areas). */
  progress: Progress | undefined;
  save(item: string, change: Omit<AnswerItemRequest, "item">): Promise<Answer>;
  onSaved(item: string, answer: Answer): void;
  onGoToStops(): void;
}

/** One area of the checklist with its statements, or a pointer to Stops for per-stop areas. */
export function SectionCard({
  section,
  scale,
  answers,
  progress = { answered: 0, total: section.items.length },
  save,
  onSaved,
  onGoToStops,
}: Props) {
  const { t, text, format } = useI18n();
  const headingId = `section-${section.id}`;
  const testIds = itemTestIds(null);

  if (section.per_stop) {
    return (
      <section
        class="card section-card per-stop"
        aria-labelledby={headingId}
        data-testid={headingId}
      >
        <h2 id={headingId}>{text(section.title)}</h2>
        <p class="note">{t("checklist.perStopNote")}</p>
        {section.guidance && <p class="guidance">{text(section.guidance)}</p>}
        <a
          class="button secondary"
          href="#/stops"
          data-testid={`go-to-stops-${section.id}`}
          onClick={(event) => {
            event.preventDefault();
            onGoToStops();
          }}
        >
          {t("checklist.perStopLink")}
        </a>
      </section>
    );
  }

  return (
    <section class="card section-card" aria-labelledby={headingId} data-testid={headingId}>
      <header class="section-header">
        <h2 id={headingId}>{text(section.title)}</h2>
        <span
          class={isComplete(progress) ? "section-progress complete" : "section-progress"}
          data-testid={`section-progress-${section.id}`}
          data-answered={progress.answered}
          data-total={progress.total}
        >
          {t("checklist.sectionProgress", progress)}
        </span>
      </header>
      <ProgressBar progress={progress} />
      {section.guidance && <p class="guidance">{text(section.guidance)}</p>}
      <ol class="items">
        {section.items.map((item, index) => (
          <ChecklistItem
            key={item.id}
            item={item}
            scale={scale}
            answer={answers[item.id]}
            save={(change) => save(item.id, change)}
            onSaved={(answer) => onSaved(item.id, answer)}
            testIds={testIds}
            number={format.listNumber(index + 1)}
          />
        ))}
      </ol>
    </section>
  );
}
