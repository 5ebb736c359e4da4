import type { Answer, AnswerItemRequest, Scale, Section, StopView } from "../api";
import { locationSourceKey } from "../logic/location";
import { ChecklistItem } from "./ChecklistItem";
import { useI18n } from "./I18n";
import { ProgressBar } from "./ProgressBar";
import { itemTestIds } from "./testIds";

interface Props {
  stop: StopView;
  /** The per-stop area of the checklist (Urban Environment and Safety), if any. */
  section: Section | null;
  scale: Scale | null;
  open: boolean;
  onToggle(): void;
  save(item: string, change: Omit<AnswerItemRequest, "item">): Promise<Answer>;
  onSaved(item: string, answer: Answer): void;
}

/** A recorded stop: where and when, and the statements answered there. */
export function StopCard({ stop, section, scale, open, onToggle, save, onSaved }: Props) {
  const { t, text, number, format } = useI18n();
  const when = format.visitTime(stop.visitedAt, stop.utcOffsetMin);
  const progress = section ? stop.progress : null;
  const testIds = itemTestIds(stop.id);
  const bodyId = `stop-body-${stop.id}`;
  const coordinate = (n: number) => number(n, { maximumFractionDigits: 5 });

  return (
    <li class="card stop-card" data-testid={`stop-card-${stop.id}`}>
      <header class="stop-header">
        <h2 dir="auto">{stop.nameOfArea || t("stops.unnamed")}</h2>
        {stop.specificLocation && (
          <p class="stop-place" dir="auto">
            {stop.specificLocation}
          </p>
        )}
        <p class="stop-when" data-testid={`stop-when-${stop.id}`}>
          {t("stops.when", { ...when })}
        </p>
        <p class="stop-position">
          {t("location.label", { source: t(locationSourceKey(stop.location)) })}
          {stop.location && (
            <span dir="ltr">
              {" "}
              {t("position.value", {
                lat: coordinate(stop.location.lat),
                lon: coordinate(stop.location.lon),
              })}
            </span>
          )}
        </p>
        <div class="stop-status">
          {progress && (
            <div class="stop-progress-box">
              <p class="stop-progress" data-testid={`stop-progress-${stop.id}`}>
                {t("stops.progress", progress)}
              </p>
              <ProgressBar progress={progress} />
            </div>
          )}
          {section && (
            <button
              type="button"
              class="button secondary"
              aria-expanded={open}
              aria-controls={bodyId}
              data-testid={`stop-toggle-${stop.id}`}
              onClick={onToggle}
            >
              {open ? t("stops.hide") : t("stops.show")}
            </button>
          )}
        </div>
      </header>
      {open && section && scale && (
        <div id={bodyId} class="stop-body">
          <h3>{text(section.title)}</h3>
          {section.guidance && <p class="guidance">{text(section.guidance)}</p>}
          <ol class="items">
            {section.items.map((item, index) => (
              <ChecklistItem
                key={item.id}
                item={item}
                scale={scale}
                answer={stop.answers[item.id]}
                save={(change) => save(item.id, change)}
                onSaved={(answer) => onSaved(item.id, answer)}
                testIds={testIds}
                number={format.listNumber(index + 1)}
              />
            ))}
          </ol>
        </div>
      )}
    </li>
  );
}
