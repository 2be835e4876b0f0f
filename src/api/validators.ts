/**
 * Two Ajv instances: bodies are validated strictly (a string "40.7" for latitude is a 422, never
 * silently coerced), while query strings and path params are coerced from text as usual.
 * allErrors lets a 422 list every violation; the list is capped when rendered.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

function makeAjv(coerceTypes: boolean | "array") {
  const ajv = new Ajv.default({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv("array");

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** A validator for (part of) a request body, compiled as route bodies are (strict, defaults filled in). */
export function compileBodyValidator(schema: object): ValidateFunction {
  return bodyAjv.compile(schema);
}

/**
 * The error fastify's own validation throws, for `errors` of a body validated outside it (the error
 * handler turns it into the same 422).
 */
export function bodyValidationError(errors: ValidateFunction["errors"]): Error {
  return Object.assign(new Error("body failed validation"), {
    statusCode: 422,
    validation: errors ?? [],
    validationContext: "body",
  });
}

/**
 * The validator compiler of a route that validates its body in two steps: `envelope` (the body
 * schema without the parts the handler checks itself, e.g. a batch's jobs) before the handler. When
 * the envelope fails, the errors are those of the route's whole body schema, so that the 422 lists
 * every violation, as a one-step validation does. Other parts of the request as validatorCompiler.
 */
export function envelopeValidatorCompiler(envelope: object): FastifySchemaCompiler<unknown> {
  return (route) => {
    if (route.httpPart !== "body") return validatorCompiler(route);
    const first = bodyAjv.compile(envelope);
    let whole: ValidateFunction | null = null;
    const validate = (data: unknown): boolean => {
      if (first(data)) {
        validate.errors = null;
        return true;
      }
      whole ??= bodyAjv.compile(route.schema as object);
      whole(data);
      validate.errors = whole.errors ?? first.errors;
      return false;
    };
    validate.errors = null as ValidateFunction["errors"];
    return validate as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
