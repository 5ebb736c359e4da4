/**
 * The EUROCITIES benchmark self-assessment (core:
 * `cityaudit_core::commands::methods::{benchmark, set_benchmark_field}`).
 * An audit created as a benchmark has no walk or photovoice; facilitators
 * assess each key factor one field at a time, and core checks every value.
 */
import { call } from "./api";
import type { Text } from "./api";

/** The benchmark's texts (snake_case, exactly as core/templates/eurocities_benchmark.json). */
export interface BenchmarkTemplate {
  id: string;
  version: number;
  title: Text;
  /** The Integrating Cities standard. */
  standard: Text;
  /** cityaudit's assessment scale (the benchmark has none of its own). */
  rating: { id: string; label: Text }[];
  key_factors: {
    id: string;
    number: number;
    title: Text;
    /** Lines starting with "- " are the standard's sub-bullets. */
    standard: Text;
    guide_questions: Text[];
  }[];
  context_factors: { id: string; title: Text; examples: Text }[];
}

export interface FactorAssessment {
  id: string;
  /** A rating level id, or "" while not assessed. */
  assessment: string;
  evidence: string;
  examples: string;
  notes: string;
}

export interface BenchmarkRecords {
  /** Every key factor, in the benchmark's order. */
  factors: FactorAssessment[];
  context: { id: string; notes: string }[];
  summary: string;
  /** Key factors per rating level, in the scale's order. */
  byLevel: { level: string; count: number }[];
  assessed: number;
}

export interface BenchmarkView {
  template: BenchmarkTemplate;
  records: BenchmarkRecords;
}

export const benchmarkApi = {
  benchmark: () => call<BenchmarkView>("benchmark"),
  /** `field`: `factors.kf3.assessment`, `factors.kf3.evidence`, `context.<id>.notes` or `summary`. */
  setField: (field: string, value: string) =>
    call<BenchmarkView>("set_benchmark_field", { field, value }),
};
