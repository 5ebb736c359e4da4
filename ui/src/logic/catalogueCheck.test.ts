import { describe, expect, it } from "vitest";
import { catalogueProblems } from "./catalogueCheck";

const english = {
  "a.hello": "Hello {name}",
  "a.count": "{count} photos",
  "a.plain": "Save",
};

describe("checking a catalogue against English", () => {
  it("passes a faithful one, plural forms included", () => {
    const czech = {
      "a.hello": "Dobrý den, {name}",
      "a.count": "{count, plural, one {# fotka} few {# fotky} many {# fotky} other {# fotek}}",
      "a.plain": "Uložit",
    };
    expect(catalogueProblems(english, czech, "cs-CZ")).toEqual([]);
  });

  it("names a missing key and an extra key", () => {
    const problems = catalogueProblems(
      english,
      { "a.hello": "Ahoj {name}", "a.count": "{count} fotek", "a.extra": "Navíc" },
      "cs-CZ",
    );
    expect(problems).toEqual(["a.plain: missing", "a.extra: not in English"]);
  });

  it("names a lost, renamed or broken placeholder and an empty text", () => {
    const problems = catalogueProblems(
      english,
      { "a.hello": "Ahoj {jmeno}", "a.count": "fotek {count", "a.plain": " " },
      "cs-CZ",
    );
    expect(problems).toEqual([
      "a.hello: placeholders {jmeno} instead of {name}",
      "a.count: placeholders {} instead of {count}",
      "a.count: stray brace",
      "a.plain: empty",
    ]);
  });

  it("names a plural form the language needs but lacks, and one it does not have", () => {
    const problems = catalogueProblems(
      english,
      { ...english, "a.count": "{count, plural, one {# фото} two {# фото} other {# фото}}" },
      "uk-UA",
    );
    expect(problems).toEqual([
      'a.count: plural form "two" does not exist in uk-UA',
      'a.count: plural form "many" missing for count',
      'a.count: plural form "few" missing for count',
    ]);
  });
});
