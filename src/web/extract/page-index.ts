/**
 * The elements the extractors look at, collected in one walk of the document and cached per
 * document. On a 1.2 MB page each cheerio selector query walked the whole tree again (40–100 ms
 * each, a dozen of them: ~600 ms); one walk takes ~15 ms.
 */
import type { AnyNode, Element } from "domhandler";
import type { PageDocument } from "./document.js";

export interface PageIndex {
  /** `<a href>` in page order. */
  anchors: Element[];
  /** `<script type="application/ld+json">` (and the misspelt `application/json+ld`). */
  jsonLd: Element[];
  metas: Element[];
  title: Element | null;
  /** Elements with `itemscope` (microdata) and with `typeof` (RDFa). */
  itemscopes: Element[];
  typeofs: Element[];
  iframes: Element[];
  /** Cloudflare-protected addresses: `data-cfemail`. */
  cfEmails: Element[];
  /** Elements pointing at another resource: script[src], link[href], iframe[src], form[action]. */
  resources: Element[];
  /** `<html lang>`, lower case, or "". */
  lang: string;
}

const cache = new WeakMap<object, PageIndex>();

export function pageIndex($: PageDocument): PageIndex {
  const root = $.root()[0];
  if (!root) return emptyIndex();
  const known = cache.get(root);
  if (known) return known;
  const index = emptyIndex();
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== "tag" && node.type !== "script" && node.type !== "style") continue;
    const el = node as Element;
    const a = el.attribs;
    switch (el.name) {
      case "a":
        if (a.href !== undefined) index.anchors.push(el);
        break;
      case "script":
        if (/^application\/(?:ld\+json|json\+ld)\b/i.test((a.type ?? "").trim())) index.jsonLd.push(el);
        if (a.src) index.resources.push(el);
        continue;
      case "style":
        continue;
      case "meta":
        index.metas.push(el);
        break;
      case "title":
        index.title ??= el;
        break;
      case "iframe":
        index.iframes.push(el);
        if (a.src) index.resources.push(el);
        break;
      case "link":
        if (a.href) index.resources.push(el);
        break;
      case "form":
        if (a.action) index.resources.push(el);
        break;
      case "html":
        index.lang ||= (a.lang ?? "").toLowerCase();
        break;
    }
    if (a.itemscope !== undefined) index.itemscopes.push(el);
    if (a.typeof !== undefined) index.typeofs.push(el);
    if (a["data-cfemail"] !== undefined) index.cfEmails.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  cache.set(root, index);
  return index;
}

function emptyIndex(): PageIndex {
  return {
    anchors: [],
    jsonLd: [],
    metas: [],
    title: null,
    itemscopes: [],
    typeofs: [],
    iframes: [],
    cfEmails: [],
    resources: [],
    lang: "",
  };
}

/** The text of an element's descendants (script and style excluded). */
export function elementText(el: Element): string {
  let s = "";
  const stack: AnyNode[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "text") s += (n as { data: string }).data;
    else if (n.type === "tag") {
      const e = n as Element;
      for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
    }
  }
  return s;
}

/** The raw text inside a script element. */
export function scriptText(el: Element): string {
  return el.children.map((c) => (c.type === "text" ? (c as { data: string }).data : "")).join("");
}
