/** Website evidence extractors (issue 9, point 5): pure functions over one parsed page. */
export { type PageDocument, parsePage } from "./document.js";
export { extractPage, type PageInput } from "./extract-page.js";
export { type FactsSummary, summarizePageFacts } from "./facts-summary.js";
export { chooseFollowUpLink, type Wanted } from "./follow-up-links.js";
export type * from "./page-facts.js";
