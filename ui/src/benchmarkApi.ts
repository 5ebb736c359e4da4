/**
 * The EUROCITIES benchmark self-assessment (core:
 * `cityaudit_core::commands::methods::{benchmark, set_benchmark_field}`).
 * An audit created as a benchmark has no walk or photovoice; facilitators
 * assess each key factor one field at a time, and core checks every value.
 */
import type * as core from "./generated/contract";
import { call } from "./api";

// Generated from core's types (src/generated/contract.ts).
export type BenchmarkTemplate = core.BenchmarkTemplate;
export type FactorAssessment = core.FactorAssessment;
export type BenchmarkRecords = core.BenchmarkRecords;
export type BenchmarkView = core.BenchmarkView;

export const benchmarkApi = {
  benchmark: () => call<BenchmarkView>("benchmark"),
  /** `field`: `factors.kf3.assessment`, `factors.kf3.evidence`, `context.<id>.notes` or `summary`. */
  setField: (field: string, value: string) =>
    call<BenchmarkView>("set_benchmark_field", { field, value }),
};
