/**
 * One parse of a page, shared by every extractor.
 *
 * cheerio 1.x parses with parse5 unless it is given `xml` options; `xml: { xmlMode: false }` selects
 * htmlparser2 in HTML mode (script/style as raw text, lower-cased names, entities decoded). On a
 * 1 MB page htmlparser2 mode was ~2.6x faster than parse5 (issue 9's measurement); it does not
 * build the implied `<html>/<body>` elements or move misplaced tags as a browser would, which none
 * of the extractors needs.
 */
import { type CheerioAPI, load } from "cheerio";

export type PageDocument = CheerioAPI;

/** HTML text → the shared document. Never throws: htmlparser2 accepts any input. */
export function parsePage(html: string): PageDocument {
  return load(html, { xml: { xmlMode: false, decodeEntities: true } });
}
