import { useEffect, useRef, useState } from "preact/hooks";
import {
  messageOf,
  type Answer,
  type AnswerItemRequest,
  type ChecklistItemTemplate,
  type Scale,
} from "../api";
import { choiceOf, valueOf, type Choice } from "../logic/answers";
import { createDebouncer, type Debouncer } from "../logic/debounce";
import { useI18n } from "./I18n";
import { ScoreButtons } from "./ScoreButtons";
import type { ItemTestIds } from "./testIds";
import { LIMITS } from "../limits";

/** Pause in typing after which a comment is saved. */
export const COMMENT_SAVE_DELAY_MS = 600;

type SaveState =
  { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; message: string };

interface Props {
  item: ChecklistItemTemplate;
  scale: Scale;
  answer: Answer | undefined;
  /** Sends a change (whole-city or at a stop); resolves with the stored answer. */
  save(change: Omit<AnswerItemRequest, "item">): Promise<Answer>;
  /** Receives every stored answer, so the screen's state follows the backend's. */
  onSaved(answer: Answer): void;
  testIds: ItemTestIds;
  /** Statement number shown before the text, e.g. "1". */
  number: string;
}

/**
 * One statement: its text, the score buttons and the comments/evidence box.
 * Every tap is saved at once; comments after a pause in typing and on leaving the box.
 *
 * The comment box stays a small "Add comment" field beside "don't know" until
 * it is tapped or holds a comment, so a stop's statements fit with little
 * scrolling. It is the field itself rather than a button that reveals one, so
 * one tap brings the keyboard and the field is always there to type into.
 */
export function ChecklistItem({ item, scale, answer, save, onSaved, testIds, number }: Props) {
  const { t, text } = useI18n();
  const [pending, setPending] = useState<Choice | null>(null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [draft, setDraft] = useState(answer?.comment ?? "");
  const [focused, setFocused] = useState(false);
  const latest = useRef(0);
  const editing = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const send = (change: Omit<AnswerItemRequest, "item">, onFail?: () => void) => {
    const ticket = ++latest.current;
    setState({ kind: "saving" });
    saveRef
      .current(change)
      .then((stored) => {
        onSavedRef.current(stored);
        if (ticket === latest.current) {
          setState({ kind: "saved" });
          setPending(null);
        }
      })
      .catch((error: unknown) => {
        onFail?.();
        if (ticket === latest.current) {
          setState({ kind: "failed", message: messageOf(error) });
          setPending(null);
        }
      });
  };

  const debouncer = useRef<Debouncer<string> | null>(null);
  if (debouncer.current === null) {
    debouncer.current = createDebouncer<string>(
      COMMENT_SAVE_DELAY_MS,
      (comment) => send({ comment }, () => debouncer.current?.forget()),
      answer?.comment ?? "",
    );
  }

  // Follow the stored comment (e.g. after a sync) unless the person is typing in it.
  const storedComment = answer?.comment ?? "";
  useEffect(() => {
    if (!editing.current) {
      setDraft(storedComment);
      debouncer.current?.markSaved(storedComment);
    }
  }, [storedComment]);

  // Save what was typed when the statement leaves the screen.
  useEffect(() => () => debouncer.current?.flush(), []);

  const choose = (choice: Choice) => {
    setPending(choice);
    send({ value: valueOf(choice) });
  };

  const shown = pending ?? choiceOf(answer?.value, scale);
  const textId = `text-${testIds.comment(item.id)}`;
  const commentId = `input-${testIds.comment(item.id)}`;
  const commentOpen = focused || draft !== "";

  return (
    <li class="checklist-item" data-answered={shown.kind !== "none"}>
      <p class="item-text" id={textId}>
        <SaveIndicator state={state} testIds={testIds} itemId={item.id} />
        <span class="item-number">{number}</span> <bdi>{text(item.text)}</bdi>
      </p>
      <ScoreButtons
        itemId={item.id}
        scale={scale}
        choice={shown}
        testIds={testIds}
        labelledBy={textId}
        onChoose={choose}
      >
        <label class={commentOpen ? "comment-label" : "visually-hidden"} for={commentId}>
          {t("item.comment")}
        </label>
        <textarea
          id={commentId}
          class={commentOpen ? "comment open" : "comment"}
          // Empty, it follows the page's direction so the prompt sits on the reading side.
          dir={draft === "" ? undefined : "auto"}
          rows={commentOpen ? 3 : 1}
          maxLength={LIMITS.longText}
          placeholder={commentOpen ? t("item.commentHint") : `+ ${t("item.addComment")}`}
          value={draft}
          data-testid={testIds.comment(item.id)}
          data-open={commentOpen}
          onFocus={() => {
            editing.current = true;
            setFocused(true);
          }}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setDraft(value);
            debouncer.current?.push(value);
          }}
          onBlur={(event) => {
            editing.current = false;
            setFocused(false);
            debouncer.current?.push(event.currentTarget.value);
            debouncer.current?.flush();
          }}
        />
      </ScoreButtons>
      {state.kind === "failed" && (
        <p class="error" role="alert" data-testid={testIds.error(item.id)}>
          {t("item.failed", { message: state.message })}
        </p>
      )}
    </li>
  );
}

/** Whether the last change was saved, at the end of the statement's first line. */
function SaveIndicator({
  state,
  testIds,
  itemId,
}: {
  state: SaveState;
  testIds: ItemTestIds;
  itemId: string;
}) {
  const { t } = useI18n();
  return (
    <span class="save-indicator" aria-live="polite">
      {state.kind === "saving" && <span class="saving">{t("item.saving")}</span>}
      {state.kind === "saved" && (
        <span class="saved" data-testid={testIds.saved(itemId)}>
          <span aria-hidden="true">✓ </span>
          {t("item.saved")}
        </span>
      )}
    </span>
  );
}
