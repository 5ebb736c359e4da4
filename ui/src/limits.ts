/**
 * The limits core enforces, for checks as the person types. Generated from
 * core (`core/src/limits.rs`), which a test keeps equal; never edit by hand.
 */
import limits from "./limits.json";

export const LIMITS: Readonly<typeof limits> = limits;
