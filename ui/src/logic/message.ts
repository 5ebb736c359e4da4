/**
 * Catalogue messages: text with `{name}` placeholders and plural choices in
 * ICU MessageFormat's form,
 * `{count, plural, one {# photo} few {# photos} other {# photos}}`.
 * The branch is chosen by the language's plural rules (Intl.PluralRules):
 * English needs one/other, Czech, Slovak, Croatian and Ukrainian need
 * one/few/many, Arabic six forms. `#` in a branch is the number, formatted
 * for the locale; `=0` picks an exact number.
 *
 * Apostrophes are plain text here (no ICU quoting), because Italian and
 * Ukrainian write them inside words. A brace that does not open a well-formed
 * placeholder is shown as it is, so a broken translation stays readable.
 */

/** One piece of a parsed message. */
export type Part =
  | { kind: "text"; text: string }
  | { kind: "arg"; name: string }
  | { kind: "plural"; name: string; source: string; branches: Record<string, Part[]> }
  | { kind: "hash" };

/** How numbers and plural forms of one locale are written. */
export interface MessageLocale {
  formatNumber(n: number): string;
  /** The plural category (`one`, `few`, `many`, `other`…) of a number. */
  selectPlural(n: number): string;
  /** The message's own text as shown, e.g. with its numbers in the locale's digits. */
  localizeText?(text: string): string;
}

const ENGLISH: MessageLocale = {
  formatNumber: String,
  selectPlural: (n) => (n === 1 ? "one" : "other"),
};

const SELECTOR = /^(=\d+|[a-z]+)/;

/** A message split into its parts; malformed braces become text. */
export function parseMessage(template: string): Part[] {
  return new Parser(template).parts(false).parts;
}

class Parser {
  private at = 0;
  constructor(private readonly source: string) {}

  /** Parts up to the end, or up to the `}` closing a plural branch (not consumed). */
  parts(inBranch: boolean): { parts: Part[] } {
    const parts: Part[] = [];
    let text = "";
    const flush = () => {
      if (text) parts.push({ kind: "text", text });
      text = "";
    };
    while (this.at < this.source.length) {
      const c = this.source[this.at]!;
      if (c === "}" && inBranch) break;
      if (c === "#" && inBranch) {
        flush();
        parts.push({ kind: "hash" });
        this.at += 1;
        continue;
      }
      if (c === "{") {
        const start = this.at;
        const part = this.placeholder();
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
        this.at = start;
      }
      text += c;
      this.at += 1;
    }
    flush();
    return { parts };
  }

  private skipSpace() {
    while (/\s/.test(this.source[this.at] ?? "")) this.at += 1;
  }

  private word(): string | null {
    const match = /^\w+/.exec(this.source.slice(this.at));
    if (!match) return null;
    this.at += match[0].length;
    return match[0];
  }

  private eat(c: string): boolean {
    if (this.source[this.at] !== c) return false;
    this.at += 1;
    return true;
  }

  /** `{name}` or `{name, plural, …}` starting at `{`; null (position undefined) when malformed. */
  private placeholder(): Part | null {
    const start = this.at;
    this.at += 1;
    this.skipSpace();
    const name = this.word();
    if (!name) return null;
    this.skipSpace();
    if (this.eat("}")) return { kind: "arg", name };
    if (!this.eat(",")) return null;
    this.skipSpace();
    if (this.word() !== "plural") return null;
    this.skipSpace();
    if (!this.eat(",")) return null;
    const branches: Record<string, Part[]> = {};
    for (;;) {
      this.skipSpace();
      if (this.eat("}")) break;
      const selector = SELECTOR.exec(this.source.slice(this.at))?.[0];
      if (!selector) return null;
      this.at += selector.length;
      this.skipSpace();
      if (!this.eat("{")) return null;
      const branch = this.parts(true).parts;
      if (!this.eat("}")) return null;
      branches[selector] = branch;
    }
    if (!branches.other) return null;
    return { kind: "plural", name, source: this.source.slice(start, this.at), branches };
  }
}

type Params = Record<string, string | number>;

function render(parts: Part[], params: Params, locale: MessageLocale, hash: string): string {
  let out = "";
  for (const part of parts) {
    switch (part.kind) {
      case "text":
        out += locale.localizeText ? locale.localizeText(part.text) : part.text;
        break;
      case "hash":
        out += hash;
        break;
      case "arg": {
        const value = params[part.name];
        if (value === undefined) out += `{${part.name}}`;
        else out += typeof value === "number" ? locale.formatNumber(value) : value;
        break;
      }
      case "plural": {
        const value = params[part.name];
        const n = typeof value === "number" ? value : Number(value);
        if (value === undefined || !Number.isFinite(n)) {
          out += part.source;
          break;
        }
        const branch =
          part.branches[`=${n}`] ?? part.branches[locale.selectPlural(n)] ?? part.branches.other!;
        const shown = typeof value === "number" ? locale.formatNumber(value) : value;
        out += render(branch, params, locale, shown);
        break;
      }
    }
  }
  return out;
}

/** The message with its placeholders and plural choices filled in. */
export function formatMessage(
  template: string,
  params: Params | undefined,
  locale: MessageLocale = ENGLISH,
): string {
  if (!template.includes("{")) return locale.localizeText?.(template) ?? template;
  return render(parseMessage(template), params ?? {}, locale, "#");
}

function walk(parts: Part[], visit: (part: Part) => void) {
  for (const part of parts) {
    visit(part);
    if (part.kind === "plural")
      for (const branch of Object.values(part.branches)) walk(branch, visit);
  }
}

/** The names a message asks for (placeholders and plural numbers), sorted and without repeats. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  walk(parseMessage(template), (part) => {
    if (part.kind === "arg" || part.kind === "plural") names.add(part.name);
  });
  return [...names].sort();
}

/** The plural choices of a message: the number's name and the selectors it has a branch for. */
export function pluralsOf(template: string): { name: string; selectors: string[] }[] {
  const plurals: { name: string; selectors: string[] }[] = [];
  walk(parseMessage(template), (part) => {
    if (part.kind === "plural")
      plurals.push({ name: part.name, selectors: Object.keys(part.branches) });
  });
  return plurals;
}

/** True when a brace of the message is left as text (an unclosed or malformed placeholder). */
export function hasStrayBrace(template: string): boolean {
  let stray = false;
  walk(parseMessage(template), (part) => {
    if (part.kind === "text" && /[{}]/.test(part.text)) stray = true;
  });
  return stray;
}
