/**
 * A page's visible text as lines, the input of every text extractor (phones, emails, hours,
 * closure notices).
 *
 * Block elements and `<br>` end a line, so "Mo–Fr 9–18<br>Sa 10–14" stays two lines; table cells
 * and inline elements join with a space. Scripts, styles, templates, SVG and the `<head>` are not
 * text. The text is capped (TEXT_CAP characters): a 1 MB page's full text took ~1 s through the
 * phone finder (issue 9); the first 200 kB hold the header, body and footer of every page we saw
 * but long catalogue listings.
 */
import type { AnyNode, Element } from "domhandler";
import type { PageDocument } from "./document.js";

/** Characters of text kept from one page. */
export const TEXT_CAP = 200_000;

// biome-ignore format: compact lookup table
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
  "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table",
  "tbody", "tfoot", "thead", "tr", "ul", "html", "legend", "menu",
]);

// biome-ignore format: compact lookup table
const SKIP = new Set([
  "script", "style", "noscript", "template", "svg", "head", "title", "iframe", "object", "canvas", "select",
  "button", "input", "textarea", "math", "video", "audio",
]);

export interface PageText {
  /** Non-empty lines, whitespace collapsed. */
  lines: string[];
  /** The text was cut at TEXT_CAP. */
  truncated: boolean;
}

const SPACES = /[\s\u00a0\u200b\u2000-\u200a\u202f\u205f\u3000]+/g;

/** The visible text of the document (or of one element), in lines, capped at `cap` characters. */
export function pageText($: PageDocument, root?: Element, cap = TEXT_CAP): PageText {
  const lines: string[] = [];
  let current = "";
  let size = 0;
  let truncated = false;
  const endLine = () => {
    const line = current.replace(SPACES, " ").trim();
    if (line) {
      lines.push(line);
      size += line.length + 1;
    }
    current = "";
  };
  const walk = (nodes: readonly AnyNode[]): void => {
    for (const node of nodes) {
      if (size + current.length >= cap) {
        truncated = true;
        return;
      }
      if (node.type === "text") {
        current += (node as { data: string }).data;
      } else if (node.type === "tag") {
        const el = node as Element;
        if (SKIP.has(el.name)) continue;
        if (el.attribs.hidden !== undefined || el.attribs["aria-hidden"] === "true") continue;
        const block = BLOCK.has(el.name);
        if (block) endLine();
        else if (el.name === "td" || el.name === "th") current += " ";
        walk(el.children);
        if (block) endLine();
        else if (el.name === "td" || el.name === "th") current += " ";
      }
    }
  };
  const start = root ? [root] : ($.root()[0]?.children ?? []);
  walk(start as AnyNode[]);
  endLine();
  return { lines, truncated };
}
