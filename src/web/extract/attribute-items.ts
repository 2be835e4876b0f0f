/**
 * schema.org items written in HTML attributes — microdata (`itemscope`/`itemtype`/`itemprop`) and
 * RDFa lite (`vocab`/`typeof`/`property`) — read with one walker: an item's properties are the
 * descendants carrying the property attribute, up to (not into) a nested item, which becomes the
 * value of its own property, if any (WHATWG HTML §5.2 microdata; RDFa Lite 1.1 §2).
 *
 * A property's value: a `content` attribute when present (both syntaxes allow it on any element,
 * and sites use it for machine-readable values: `<span itemprop="telephone" content="+49…">`);
 * else `href` for links, `src` for media, `datetime` for `<time>`, `value` for `<data>`/`<meter>`;
 * else the element's text.
 */
import type { AnyNode, Element } from "domhandler";
import type { PageDocument } from "./document.js";
import { type PageIndex, pageIndex } from "./page-index.js";
import { addValue, newNode, type SchemaNode } from "./schema-node.js";
import { schemaTypeName } from "./schema-types.js";

export interface AttributeSyntax {
  /** An element that starts an item. */
  isItem(el: Element): boolean;
  /** Its types. */
  types(el: Element): string[];
  /** Property names on an element (none: not a property). */
  props(el: Element): string[];
  /** The item elements of the page, from its index. */
  items(index: PageIndex): readonly Element[];
}

const MAX_ITEMS = 200;
const MAX_DEPTH = 40;

function textOf(el: AnyNode): string {
  if (el.type === "text") return (el as { data: string }).data;
  if (el.type !== "tag") return "";
  const e = el as Element;
  if (e.name === "script" || e.name === "style") return "";
  let s = "";
  for (const c of e.children) {
    s += textOf(c);
    if (c.type === "tag" && ((c as Element).name === "br" || (c as Element).name === "p")) s += "\n";
  }
  return s;
}

function propertyValue(el: Element): string {
  const a = el.attribs;
  if (a.content !== undefined) return a.content;
  switch (el.name) {
    case "a":
    case "link":
    case "area":
      return a.href ?? "";
    case "img":
    case "audio":
    case "video":
    case "source":
    case "embed":
    case "iframe":
      return a.src ?? "";
    case "time":
      return a.datetime ?? textOf(el);
    case "data":
    case "meter":
      return a.value ?? textOf(el);
    default:
      return textOf(el);
  }
}

/** The page's top-level items of one attribute syntax (nested items are property values). */
export function extractAttributeItems($: PageDocument, syntax: AttributeSyntax): SchemaNode[] {
  const out: SchemaNode[] = [];
  const readItem = (el: Element, depth: number): SchemaNode => {
    const node = newNode(syntax.types(el).map(schemaTypeName));
    const walk = (children: readonly AnyNode[], d: number): void => {
      if (d > MAX_DEPTH) return;
      for (const c of children) {
        if (c.type !== "tag") continue;
        const child = c as Element;
        const props = syntax.props(child);
        if (syntax.isItem(child)) {
          if (props.length > 0 && depth < 6) {
            const nested = readItem(child, depth + 1);
            for (const p of props) addValue(node, p, nested);
          }
          continue;
        }
        if (props.length > 0) {
          const v = propertyValue(child)
            .replace(/[ \t\r\f]+/g, " ")
            .trim();
          if (v) for (const p of props) addValue(node, p, v);
        }
        walk(child.children, d + 1);
      }
    };
    walk(el.children, 0);
    return node;
  };
  for (const el of syntax.items(pageIndex($))) {
    if (out.length >= MAX_ITEMS) break;
    // Top-level items only: an item that is some property's value is read with its parent.
    if (syntax.props(el).length > 0 && hasItemAncestor(el, syntax)) continue;
    out.push(readItem(el, 0));
  }
  return out;
}

function hasItemAncestor(el: Element, syntax: AttributeSyntax): boolean {
  for (let p = el.parent; p && p.type === "tag"; p = p.parent) {
    if (syntax.isItem(p as Element)) return true;
  }
  return false;
}

function words(s: string | undefined): string[] {
  return s ? s.split(/\s+/).filter((w) => w.length > 0) : [];
}

/** Microdata: `itemscope` items; `itemtype` URLs (several allowed); `itemprop` names. */
export const MICRODATA: AttributeSyntax = {
  items: (index) => index.itemscopes,
  isItem: (el) => el.attribs.itemscope !== undefined,
  types: (el) => words(el.attribs.itemtype),
  props: (el) => words(el.attribs.itemprop).map((p) => p.replace(/^https?:\/\/schema\.org\//i, "")),
};

/**
 * RDFa lite: `typeof` items (types as `Restaurant`, `schema:Restaurant` or full IRIs); `property`
 * names, prefixed or not. OpenGraph's `<meta property="og:…">` outside any item is not read here.
 */
export const RDFA_LITE: AttributeSyntax = {
  items: (index) => index.typeofs,
  isItem: (el) => el.attribs.typeof !== undefined,
  types: (el) => words(el.attribs.typeof),
  props: (el) =>
    words(el.attribs.property)
      .filter((p) => !/^(og|fb|twitter|article|business|place):/i.test(p))
      .map((p) => p.replace(/^https?:\/\/schema\.org\//i, "").replace(/^schema:/i, "")),
};
