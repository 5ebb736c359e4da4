/** Each UI language's word for "Language", by code (built by i18n/languageLabels.ts). */
declare module "virtual:cityaudit-language-labels" {
  const labels: Record<string, string>;
  export default labels;
}
