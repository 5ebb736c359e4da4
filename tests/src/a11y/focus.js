// The focused element and whether its focus can be seen: an outline (on it
// or, for a visually hidden input, on its label) or a focus ring made with
// box-shadow. Answers {what, visible, outline}.
let el = document.activeElement;
if (!el || el === document.body) return { what: "body", visible: false, outline: "" };
const what =
  el.getAttribute("data-testid") ||
  `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`;
const ring = (node) => {
  const style = getComputedStyle(node);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return outline || shadow ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} ${shadow ? style.boxShadow : ""}` : "";
};
let outline = ring(el);
const box = el.getBoundingClientRect();
if (!outline && (box.width <= 1 || box.height <= 1) && el.labels && el.labels.length > 0)
  outline = ring(el.labels[0]);
return { what, visible: outline !== "", outline };
