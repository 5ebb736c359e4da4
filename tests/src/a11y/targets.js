// Interactive elements smaller than arguments[0] CSS px either way, as
// "what (text) WxH". A control whose label is its target (a hidden file
// input, a checkbox or radio in its label) is measured by its label. Links
// inside a sentence are exempt (WCAG 2.5.8 "inline"). Hidden, disabled and
// inert elements are skipped.
const min = arguments[0];
const found = [];
const seen = new Set();
const shown = (el) => {
  const style = getComputedStyle(el);
  return style.visibility !== "hidden" && style.display !== "none";
};
const selector =
  "a[href], button, input, select, textarea, summary, [role=button], [role=link], " +
  "[role=tab], [role=checkbox], [role=radio], [tabindex]:not([tabindex='-1'])";
for (const el of document.querySelectorAll(selector)) {
  if (el.disabled || el.closest("[aria-hidden=true], [inert]")) continue;
  if (el.tagName === "INPUT" && el.type === "hidden") continue;
  const target = el.tagName === "INPUT" && el.labels && el.labels.length > 0 ? el.labels[0] : el;
  if (seen.has(target) || !shown(target)) continue;
  seen.add(target);
  const box = target.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  if (target.tagName === "A" && getComputedStyle(target).display === "inline") {
    const around = (target.parentElement?.textContent ?? "").trim().length;
    if (around > (target.textContent ?? "").trim().length) continue;
  }
  if (box.width < min - 0.5 || box.height < min - 0.5) {
    const id = target.getAttribute("data-testid") || el.getAttribute("data-testid");
    const name = (target.textContent || el.getAttribute("aria-label") || el.title || "").trim();
    found.push(
      `${target.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ""} "${name.slice(0, 40)}" ` +
        `${Math.round(box.width)}x${Math.round(box.height)}`,
    );
  }
}
return found;
