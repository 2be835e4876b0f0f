/**
 * Whether an unlabelled body is HTML: the HTML Standard's MIME sniffing rule for HTML
 * (https://mimesniff.spec.whatwg.org/#identifying-a-resource-with-an-unknown-mime-type): after
 * leading whitespace, one of these tags, followed by a space or ">".
 */
const HTML_TAGS = [
  "<!doctype html",
  "<html",
  "<head",
  "<script",
  "<iframe",
  "<h1",
  "<div",
  "<font",
  "<table",
  "<a",
  "<style",
  "<title",
  "<b",
  "<body",
  "<br",
  "<p",
];

export function sniffsAsHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512))
    .toString("latin1")
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .replace(/^[\t\n\f\r ]+/, "")
    .toLowerCase();
  if (head.startsWith("<!--")) return true;
  return HTML_TAGS.some((tag) => head.startsWith(tag) && /[ >]/.test(head[tag.length] ?? ""));
}
