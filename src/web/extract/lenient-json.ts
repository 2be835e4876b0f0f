/**
 * JSON-LD blocks as sites ship them. JSON.parse first; when it fails, one repair pass that keeps
 * string contents intact and fixes what we met in real blocks and the JSON-LD libraries we tried
 * (jsonld, the structured-data parsers) drop:
 * - wrappers: `<!-- … -->`, `<![CDATA[ … ]]>`, `//<![CDATA[ … //]]>`;
 * - trailing commas before `}` or `]`, doubled commas between members;
 * - raw newlines, tabs and other control characters inside strings;
 * - invalid escapes (`\'`, `\&`) inside strings: the character itself;
 * - `//` and `/* … *\/` comments outside strings;
 * - several top-level values one after the other (`{…}{…}` or `{…};{…}`): read as one array.
 */

/** The parsed value, or undefined when even the repaired text is not JSON. */
export function parseLenientJson(raw: string): unknown {
  const text = unwrap(raw);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // repaired below
  }
  try {
    return JSON.parse(repair(text));
  } catch {
    return undefined;
  }
}

function unwrap(raw: string): string {
  return raw
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[/, "")
    .replace(/(?:\/\/\s*)?\]\]>$/, "")
    .trim()
    .replace(/^<!--/, "")
    .replace(/-->$/, "")
    .trim()
    .replace(/;+$/, "");
}

const VALID_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t", "u"]);

function repair(text: string): string {
  let out = "";
  let inString = false;
  let depth = 0;
  let topValues = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") {
        const next = text[i + 1] ?? "";
        if (VALID_ESCAPES.has(next)) {
          out += c + next;
        } else {
          out += next === "" ? "" : JSON.stringify(next).slice(1, -1);
        }
        i++;
      } else if (c === '"') {
        inString = false;
        out += c;
      } else if (c < " ") {
        out += c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : " ";
      } else {
        out += c;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === "," || c === ";") {
      // Dropped when a closing bracket, another comma or the end follows (trailing/doubled comma),
      // and between top-level values (replaced by the array's comma).
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      const next = text[j];
      if (depth === 0) continue;
      if (c === ";" || next === "}" || next === "]" || next === "," || next === undefined) continue;
      out += c;
    } else if (c === "{" || c === "[") {
      if (depth === 0) {
        if (topValues > 0) out += ",";
        topValues++;
      }
      depth++;
      out += c;
    } else if (c === "}" || c === "]") {
      depth--;
      out += c;
    } else {
      out += c;
    }
  }
  return topValues > 1 ? `[${out}]` : out;
}
