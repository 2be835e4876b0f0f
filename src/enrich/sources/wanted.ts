/** Which attributes a source should produce evidence for. */
import type { AttributeKey } from "../../domain/attributes.js";

export function wants(attributes: readonly AttributeKey[], ...keys: AttributeKey[]): boolean {
  return keys.some((k) => attributes.includes(k));
}
