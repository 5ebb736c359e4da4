import type { Text } from "../../api";
import { benchmarkApi, type BenchmarkView } from "../../benchmarkApi";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { RadioField, TextField } from "./RecordFields";
import { useLoad } from "./useLoad";

const FACTOR_TEXTS = ["evidence", "examples", "notes"] as const;

/**
 * The EUROCITIES benchmark self-assessment: how near the city is to the
 * standard, then each key factor with its standard, guide questions,
 * assessment, evidence, examples and notes, then the context factors.
 * Every field saves on its own as the facilitator types.
 */
export function BenchmarkScreen({ lastSyncAt }: { lastSyncAt: number | null }) {
  const { t } = useI18n();
  const loaded = useLoad(benchmarkApi.benchmark, [lastSyncAt]);
  const save = async (field: string, value: unknown) => {
    const view = await benchmarkApi.setField(field, typeof value === "string" ? value : "");
    loaded.setData(() => view);
  };
  return (
    <div class="screen benchmark-screen">
      <header class="screen-header">
        <h1>{t("benchmark.title")}</h1>
        <p class="hint">{t("benchmark.intro")}</p>
      </header>
      <LoadState loaded={loaded}>
        {(view) => (
          <>
            <Overview view={view} save={save} />
            <KeyFactors view={view} save={save} />
            <ContextFactors view={view} save={save} />
          </>
        )}
      </LoadState>
    </div>
  );
}

type Save = (field: string, value: unknown) => Promise<void>;

function Overview({ view, save }: { view: BenchmarkView; save: Save }) {
  const { t, text, number } = useI18n();
  const { template, records } = view;
  const label = (level: string) =>
    text(template.rating.find((r) => r.id === level)?.label as Text) || level;
  return (
    <section class="card" aria-labelledby="benchmark-overview">
      <h2 id="benchmark-overview">{t("benchmark.howNear")}</h2>
      <p class="benchmark-standard" dir="auto">
        <strong>{t("benchmark.citiesStandard")}</strong> {text(template.standard)}
      </p>
      <p data-testid="benchmark-assessed">
        {t("benchmark.assessed", { count: records.assessed, total: records.factors.length })}
      </p>
      <table class="data-table" data-testid="benchmark-levels">
        <thead>
          <tr>
            <th scope="col">{t("benchmark.assessment")}</th>
            <th scope="col">{t("benchmark.keyFactors")}</th>
          </tr>
        </thead>
        <tbody>
          {records.byLevel.map((row) => (
            <tr key={row.level}>
              <td>{label(row.level)}</td>
              <td>{number(row.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t("benchmark.scaleNote")}</p>
      <TextField
        multiline
        label={t("benchmark.summary")}
        value={records.summary}
        testId="benchmark-summary"
        save={(value) => save("summary", value)}
      />
    </section>
  );
}

function KeyFactors({ view, save }: { view: BenchmarkView; save: Save }) {
  const { t, text } = useI18n();
  const { template, records } = view;
  const levels = template.rating.map((r) => ({ id: r.id, label: text(r.label) }));
  return (
    <section aria-labelledby="benchmark-factors">
      <h2 id="benchmark-factors">{t("benchmark.keyFactors")}</h2>
      {template.key_factors.map((factor) => {
        const record = records.factors.find((f) => f.id === factor.id);
        const lines = text(factor.standard).split("\n");
        const intro = lines.filter((l) => !l.startsWith("- "));
        const bullets = lines.filter((l) => l.startsWith("- ")).map((l) => l.slice(2));
        return (
          <article
            key={factor.id}
            class="card record-card"
            aria-labelledby={`factor-${factor.id}`}
            data-testid={`benchmark-${factor.id}`}
          >
            <h3 id={`factor-${factor.id}`}>
              {factor.number}. {text(factor.title)}
            </h3>
            <div class="benchmark-standard" dir="auto">
              <strong>{t("benchmark.standard")}</strong>
              {intro.map((line, i) => (
                <p key={i}>{line}</p>
              ))}
              {bullets.length > 0 && (
                <ul>
                  {bullets.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              )}
            </div>
            <details class="prompts" open>
              <summary>{t("benchmark.guideQuestions")}</summary>
              <ul>
                {factor.guide_questions.map((q, i) => (
                  <li key={i}>{text(q)}</li>
                ))}
              </ul>
            </details>
            <RadioField
              legend={t("benchmark.assessmentScale")}
              choices={levels}
              value={record?.assessment ?? ""}
              testId={`benchmark-${factor.id}-assessment`}
              save={(value) => save(`factors.${factor.id}.assessment`, value)}
            />
            <div class="record-columns">
              {FACTOR_TEXTS.map((field) => (
                <TextField
                  key={field}
                  multiline
                  label={t(`benchmark.${field}`)}
                  value={record?.[field] ?? ""}
                  testId={`benchmark-${factor.id}-${field}`}
                  save={(value) => save(`factors.${factor.id}.${field}`, value)}
                />
              ))}
            </div>
          </article>
        );
      })}
    </section>
  );
}

function ContextFactors({ view, save }: { view: BenchmarkView; save: Save }) {
  const { t, text } = useI18n();
  return (
    <section class="card" aria-labelledby="benchmark-context">
      <h2 id="benchmark-context">{t("benchmark.contextFactors")}</h2>
      <p class="hint">{t("benchmark.contextIntro")}</p>
      {view.template.context_factors.map((factor) => (
        <TextField
          key={factor.id}
          multiline
          label={text(factor.title)}
          hint={text(factor.examples)}
          value={view.records.context.find((c) => c.id === factor.id)?.notes ?? ""}
          testId={`benchmark-context-${factor.id}`}
          save={(value) => save(`context.${factor.id}.notes`, value)}
        />
      ))}
    </section>
  );
}
