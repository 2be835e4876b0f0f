/**
 * One shape for schema.org data whatever the syntax it came in (JSON-LD, microdata, RDFa lite),
 * so a single reader (schema-business.ts) turns any of them into facts.
 */

export type SchemaSyntax = "json-ld" | "microdata" | "rdfa";

export interface SchemaNode {
  /** Type names without the vocabulary prefix ("Restaurant"). */
  types: string[];
  /** Property name (without prefix) → its values, in page order. */
  props: Map<string, SchemaValue[]>;
  id?: string;
}

export type SchemaValue = string | SchemaNode;

export function newNode(types: string[], id?: string): SchemaNode {
  return id === undefined ? { types, props: new Map() } : { types, props: new Map(), id };
}

export function addValue(node: SchemaNode, prop: string, value: SchemaValue): void {
  const list = node.props.get(prop);
  if (list) list.push(value);
  else node.props.set(prop, [value]);
}

/** The property's text values (a nested node counts by its `name`, else not at all). */
export function textValues(node: SchemaNode, prop: string): string[] {
  const out: string[] = [];
  for (const v of node.props.get(prop) ?? []) {
    if (typeof v === "string") {
      if (v.trim()) out.push(v.trim());
    } else {
      const name = textValues(v, "name")[0];
      if (name) out.push(name);
    }
  }
  return out;
}

export function firstText(node: SchemaNode, prop: string): string | null {
  return textValues(node, prop)[0] ?? null;
}

export function nodeValues(node: SchemaNode, prop: string): SchemaNode[] {
  return (node.props.get(prop) ?? []).filter((v): v is SchemaNode => typeof v !== "string");
}

/** "Restaurant" for messages: the node's first type, or "Thing". */
export function typeLabel(node: SchemaNode): string {
  return node.types[0] ?? "Thing";
}
