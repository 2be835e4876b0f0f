/**
 * A business saying it has closed, for good or for a while, in en/de/fr/es/it/nl/pt.
 *
 * Permanent: "permanently closed", "closed for good", "we have closed our doors", "ceased
 * trading", "dauerhaft/endgültig geschlossen", "fermé définitivement", "cerrado
 * permanentemente", "chiuso definitivamente", "permanent gesloten", "encerrado definitivamente",
 * … Temporary: "temporarily closed", "closed until further notice", "closed for renovation",
 * "vorübergehend geschlossen", "fermé temporairement", "cerrado temporalmente", "chiuso
 * temporaneamente", "tijdelijk gesloten", … Hours talk ("closed on Sundays", "closed for the
 * holidays") matches neither. A negated sentence ("we are NOT permanently closed", "nicht
 * dauerhaft geschlossen") or a question is not a notice. The quote is the sentence around the
 * words, for the reasoning line.
 */
import type { ClosureSignal, FactOrigin } from "./page-facts.js";

const PERMANENT = new RegExp(
  [
    String.raw`permanently closed`,
    String.raw`closed permanently`,
    String.raw`closed for good`,
    String.raw`(?:have|has|had) (?:now )?(?:permanently )?closed (?:our|its|their) doors`,
    String.raw`clos(?:ed|ing) (?:our|its) doors (?:for good|permanently|forever)`,
    String.raw`ceased trading`,
    String.raw`(?:no longer|not) in business`,
    String.raw`out of business`,
    String.raw`(?:dauerhaft|endgültig|für immer) geschlossen`,
    String.raw`geschäftsaufgabe`,
    String.raw`(?:haben|hat) (?:unser(?:e|en)? \p{L}+ )?(?:für immer|endgültig) geschlossen`,
    String.raw`ferm[ée]e?s? d[ée]finitivement`,
    String.raw`d[ée]finitivement ferm[ée]`,
    String.raw`fermeture d[ée]finitive`,
    String.raw`(?:a|avons|ont) (?:d[ée]finitivement )?ferm[ée] (?:ses|nos|leurs) portes`,
    String.raw`cessation d'activit[ée]`,
    String.raw`cerrad[oa]s? (?:permanentemente|definitivamente)`,
    String.raw`cierre definitivo`,
    String.raw`(?:hemos|ha) cerrado (?:definitivamente|nuestras puertas|sus puertas)`,
    String.raw`chius[oa] (?:definitivamente|per sempre)`,
    String.raw`chiusura definitiva`,
    String.raw`cessata attivit[àa]`,
    String.raw`(?:permanent|definitief|voorgoed) gesloten`,
    String.raw`definitief dicht`,
    String.raw`(?:fechad[oa]|encerrad[oa]) (?:permanentemente|definitivamente)`,
    String.raw`encerramento definitivo`,
  ].join("|"),
  "iu",
);

const TEMPORARY = new RegExp(
  [
    String.raw`temporarily closed`,
    String.raw`closed temporarily`,
    String.raw`closed until further notice`,
    String.raw`closed for (?:renovations?|refurbishment|remodeling|repairs)`,
    String.raw`vor(?:ü|ue)bergehend geschlossen`,
    String.raw`bis auf weiteres geschlossen`,
    String.raw`wegen (?:umbau|renovierung|sanierung) geschlossen`,
    String.raw`ferm[ée]e? (?:temporairement|provisoirement|jusqu'à nouvel ordre)`,
    String.raw`(?:temporairement|provisoirement) ferm[ée]`,
    String.raw`fermeture (?:temporaire|provisoire)`,
    String.raw`ferm[ée]e? pour travaux`,
    String.raw`cerrad[oa] (?:temporalmente|por reformas|hasta nuevo aviso)`,
    String.raw`temporalmente cerrad[oa]`,
    String.raw`cierre temporal`,
    String.raw`chius[oa] (?:temporaneamente|per lavori|fino a nuovo avviso)`,
    String.raw`temporaneamente chius[oa]`,
    String.raw`tijdelijk (?:gesloten|dicht)`,
    String.raw`(?:fechad[oa]|encerrad[oa]) temporariamente`,
    String.raw`temporariamente (?:fechad[oa]|encerrad[oa])`,
  ].join("|"),
  "iu",
);

const NEGATION =
  /\b(?:not|never|n't|no longer rumou?red|nicht|nie|kein|ne|pas|jamais|no|nunca|non|mai|niet|nooit|não)\b[^.!?]{0,30}$/i;
const PAST_TEMPORARY =
  /\b(?:were|was|waren|war|étions|était|estuvimos|estábamos|eravamo|waren)\b[^.!?]{0,20}$/i;

function sentenceAround(text: string, start: number, end: number): string {
  const from = Math.max(text.lastIndexOf(". ", start) + 1, text.lastIndexOf("! ", start) + 1, 0);
  const stops = [". ", "! ", "? "].map((s) => text.indexOf(s, end)).filter((i) => i >= 0);
  const to = stops.length > 0 ? Math.min(...stops) + 1 : text.length;
  const s = text.slice(from, to).trim();
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

/** The first closure notice in these texts (permanent beats temporary), or null. */
export function closureNotice(
  texts: ReadonlyArray<{ text: string; origin: FactOrigin }>,
): ClosureSignal | null {
  let temporary: ClosureSignal | null = null;
  for (const { text, origin } of texts) {
    if (text.length > 2000) continue;
    for (const [kind, re] of [
      ["permanent", PERMANENT],
      ["temporary", TEMPORARY],
    ] as const) {
      const m = re.exec(text);
      if (!m) continue;
      const before = text.slice(Math.max(0, m.index - 40), m.index);
      if (NEGATION.test(before) || /\?\s*$/.test(text.slice(m.index, m.index + 120).split(/[.!]/)[0] ?? ""))
        continue;
      if (kind === "temporary" && PAST_TEMPORARY.test(before)) continue;
      const signal: ClosureSignal = {
        kind,
        quote: sentenceAround(text, m.index, m.index + m[0].length),
        origin,
      };
      if (kind === "permanent") return signal;
      temporary ??= signal;
    }
  }
  return temporary;
}
