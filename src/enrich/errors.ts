/**
 * Raised by `PlaceEnricher.prepare` only for inputs no schema-valid request can contain (inputs not
 * an object, `name` not a string). Bad hints never throw: they become rejected evidence.
 */
export class EnrichInputError extends Error {
  override readonly name = "EnrichInputError";
}
