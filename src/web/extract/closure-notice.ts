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
 *
 * Closed for a reason that is also a yearly routine — holidays ("chiuso per ferie", "cerrado por
 * vacaciones", "fermé pour congés", "Betriebsurlaub", "wegens vakantie gesloten", "fechado para
 * férias", 臨時休業, 暂停营业) or works ("chiusi per lavori", "gesloten wegens verbouwing",
 * "encerrado para obras") — is a closure *now* only when the notice does not give a range of dates
 * on its line or the next: "Siamo chiusi per ferie! Riapriamo sabato 27 febbraio" and "Betriebsurlaub
 * bis 15.08." are notices; "Chiuso per ferie dal 10 al 25 agosto", "Closed for the holidays from 24
 * December to 2 January", 年末年始は休業 (a named holiday period) are a schedule on an open site.
 * The extractor has no clock, so a dated range cannot be told past, current or future: it counts
 * as a schedule; so does one date, a month or a yearly holiday named without an end ("Agosto:
 * chiuso per ferie", "closed for Christmas"). A reopening date ("until", "riapriamo", "bis") makes
 * it a notice.
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
    String.raw`chius[oaie] (?:definitivamente|per sempre)`,
    String.raw`abbiamo chiuso (?:definitivamente|per sempre|l'attivit[àa])`,
    String.raw`chiusura definitiva`,
    String.raw`cessata attivit[àa]`,
    String.raw`(?:permanent|definitief|voorgoed) gesloten`,
    String.raw`definitief dicht`,
    String.raw`(?:hebben|heeft) (?:onze|haar|zijn|de) deuren (?:definitief |voorgoed )?gesloten`,
    String.raw`(?:encerrou|fechou) (?:definitivamente|(?:as )?(?:suas|nossas) portas)`,
    String.raw`(?:fech[áa]mos|encerr[áa]mos) (?:definitivamente|as (?:nossas )?portas)`,
    String.raw`(?:cerr[óo]|cerramos) (?:definitivamente|sus puertas|nuestras puertas)`,
    String.raw`(?:fechad[oa]|encerrad[oa])s? (?:permanentemente|definitivamente)`,
    // Japanese "we have closed (the shop / the business)"; not 閉店時間 (closing time).
    String.raw`(?:閉店|閉業|廃業)(?:しました|いたしました|致しました)`,
    String.raw`営業を終了(?:しました|いたしました|致しました)`,
    // Chinese "has closed down" (simplified and traditional).
    String.raw`已(?:结业|結業|歇业|歇業|停业|停業|倒闭|倒閉)`,
    String.raw`永久(?:停业|停業|关闭|關閉)`,
    String.raw`已(?:于|於)?[^。，,]{0,15}(?:结束营业|結束營業)`,
    String.raw`encerramento definitivo`,
  ].join("|"),
  "iu",
);

const TEMPORARY = new RegExp(
  [
    String.raw`temporarily closed`,
    String.raw`closed temporarily`,
    String.raw`closed until further notice`,
    String.raw`vor(?:ü|ue)bergehend geschlossen`,
    String.raw`bis auf weiteres geschlossen`,
    String.raw`ferm[ée]e? (?:temporairement|provisoirement|jusqu'à nouvel ordre)`,
    String.raw`(?:temporairement|provisoirement) ferm[ée]`,
    String.raw`fermeture (?:temporaire|provisoire)`,
    String.raw`cerrad[oa]s? (?:temporalmente|hasta nuevo aviso)`,
    String.raw`temporalmente cerrad[oa]`,
    String.raw`cierre temporal`,
    String.raw`chius[oaie] (?:temporaneamente|fino a nuovo avviso)`,
    String.raw`temporaneamente chius[oaie]`,
    String.raw`chiusura temporanea`,
    String.raw`tijdelijk (?:gesloten|dicht)`,
    String.raw`(?:fechad[oa]|encerrad[oa])s? temporariamente`,
    String.raw`temporariamente (?:fechad[oa]|encerrad[oa])s?`,
    String.raw`encerramento tempor[áa]rio`,
    String.raw`現在(?:、)?(?:臨時)?休業`,
    String.raw`一時休業`,
    String.raw`暂时(?:关闭|停业)|暫時(?:關閉|停業)`,
  ].join("|"),
  "iu",
);

/**
 * Closed for holidays or works: a notice only without a range of dates (see the module comment).
 */
const ROUTINE = new RegExp(
  [
    String.raw`closed for (?:the |our )?(?:annual |winter |summer |christmas |easter )?(?:renovations?|refurbishment|remodeling|repairs|works|holidays?|vacation|leave|break)`,
    String.raw`(?:wegen|aufgrund) (?:von )?(?:umbau|renovierung|sanierung|urlaub|betriebsurlaub|bauarbeiten) geschlossen`,
    String.raw`geschlossen wegen (?:umbau|renovierung|sanierung|urlaub|betriebsurlaub|bauarbeiten)`,
    String.raw`urlaubsbedingt geschlossen`,
    String.raw`wegen (?:urlaub|betriebsurlaub|umbau|renovierung|bauarbeiten)\b[^!?]{0,60}geschlossen`,
    String.raw`(?:sind|ist) (?:\p{L}+ )?(?:im|in) urlaub(?!\p{L})`,
    String.raw`(?:we are|we're|we are currently|is) (?:currently )?on (?:vacation|holiday|annual leave)`,
    String.raw`(?:sommes|est|sont) en (?:congés|conges|vacances)`,
    String.raw`(?:estamos|está|están) de vacaciones`,
    String.raw`(?:siamo|è|sono) in ferie`,
    String.raw`(?:zijn|is) (?:met|op) vakantie`,
    String.raw`(?:estamos|está|estão) de f[ée]rias`,
    String.raw`(?:^|(?:wir sind|wir machen|sind|befinden uns) (?:\p{L}+ )?(?:im |in )?)betriebsurlaub`,
    String.raw`fermeture (?:annuelle|pour (?:congés|conges|vacances|travaux))`,
    String.raw`ferm[ée]e?s? pour (?:congés|conges|vacances|travaux|rénovation|renovation)`,
    String.raw`cerrad[oa]s? por (?:vacaciones|reformas|obras|descanso)`,
    String.raw`cierre por (?:vacaciones|reformas|obras)`,
    String.raw`chius[oaie] per (?:ferie|lavori|restauro|ristrutturazione)`,
    String.raw`chiusura per (?:ferie|lavori)`,
    String.raw`(?:wegens|vanwege) (?:vakantie|verbouwing|renovatie|werkzaamheden) (?:gesloten|dicht)`,
    String.raw`(?:gesloten|dicht) (?:wegens|vanwege|voor) (?:vakantie|verbouwing|renovatie|werkzaamheden)`,
    String.raw`(?:fechad[oa]|encerrad[oa])s? (?:para|por|em) (?:férias|ferias|obras|remodela[çc][ãa]o)`,
    // Not 臨時休業日 / 臨時休業あり ("days of temporary closing": a calendar on an open site).
    String.raw`臨時休業(?!日|あり|する(?:場合|ことが)|の場合|がございます)|休業中|一時休業`,
    String.raw`暂停营业|暫停營業|停业装修|停業裝修`,
  ].join("|"),
  "iu",
);

// biome-ignore format: long alternation
const MONTH = String.raw`(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|f[ée]vrier|mar(?:ch)?|m[äa]rz|mars|apr(?:il)?|avril|may|mai|jun[ei]?|juin|jul[iy]?|juillet|aug(?:ust)?|ao[ûu]t|sep(?:t(?:ember)?)?|septembre|oct(?:ober)?|okt(?:ober)?|octobre|nov(?:ember)?|novembre|dec(?:ember)?|dez(?:ember)?|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|juni|juli|augustus|oktober|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro)`;
const DAY = String.raw`\d{1,2}(?:er|st|nd|rd|th|°|º|\.)?`;
const TO = String.raw`(?:-|–|—|to|till|until|through|bis|al|au|a|ao|à|tot|t/m|até|e|and|und|et|y)`;
/** Two dates joined as a range: "24 December to 2 January", "dal 10 al 25 agosto", "1.–15.8.", "12月29日〜1月3日", or a named holiday period (年末年始, 春节). */
const DATE_RANGE = new RegExp(
  [
    String.raw`(?<![\d])${DAY}(?:\s*${MONTH}\.?)?\s*${TO}\s*(?:the\s+|le\s+|el\s+|il\s+)?${DAY}\s*(?:de\s+|di\s+)?${MONTH}`,
    String.raw`(?<![\d])\d{1,2}\.\d{1,2}\.?(?:\d{2,4})?\s*${TO}\s*\d{1,2}\.\d{1,2}`,
    String.raw`(?<![\d])\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*${TO}\s*\d{1,2}/\d{1,2}`,
    String.raw`(?<![\d])\d{1,2}\.\s*${TO}\s*\d{1,2}\.\s*\d{1,2}\.`,
    String.raw`${MONTH}\.?\s*\d{1,2}(?:st|nd|rd|th)?\s*${TO}\s*(?:${MONTH}\.?\s*)?\d{1,2}(?!\d)`,
    String.raw`\d{1,2}\s*月\s*\d{1,2}\s*日[^。]{0,8}[~〜～\-−–至到から]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日`,
    String.raw`年末年始|お盆|ゴールデンウィーク|正月|春节|春節|国庆|國慶|中秋|설날|추석`,
  ].join("|"),
  "iu",
);

/** One date: "27 febbraio", "15.08.", "8/15", "Feb 27", "2月27日". */
const ONE_DATE = new RegExp(
  [
    String.raw`(?<![\d])${DAY}\s*(?:de\s+|di\s+)?${MONTH}(?![\p{L}])`,
    String.raw`(?<![\d.])\d{1,2}\.\d{1,2}\.`,
    String.raw`(?<![\d/])\d{1,2}/\d{1,2}(?![\d:])`,
    String.raw`(?<![\p{L}])${MONTH}\.?\s*\d{1,2}(?![\d:])`,
    String.raw`\d{1,2}\s*月\s*\d{1,2}\s*日`,
  ].join("|"),
  "iu",
);
/**
 * A month or a yearly holiday named alone ("Agosto: chiuso per ferie", "closed for Christmas
 * holidays", "im August Betriebsurlaub"): a season's schedule unless an end is given.
 */
const SEASON =
  /(?<![\p{L}])(?:january|february|march|april|june|july|august|september|october|november|december|januar|februar|märz|juni|juli|oktober|dezember|janvier|février|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|augustus|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|christmas|xmas|easter|weihnacht\p{L}*|ostern|noël|noel|pâques|paques|navidad|semana santa|natale|pasqua|ferragosto|kerst\p{L}*|pasen|natal|páscoa)(?![\p{L}])/iu;

/** Words giving the end of a closure: "until", "we reopen", "riapriamo", "bis", まで. */
const UNTIL =
  /until|till|through|re-?open|back on|\bbis\b|wieder|fino a|riapr|riapertura|jusqu|r[ée]ouverture|rouvr|hasta|reabr|reapertura|\btot\b|heropen|weer open|(?<!\p{L})at[ée](?!\p{L})|まで|再開|至|到|重新/iu;

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
  for (const [index, { text, origin }] of texts.entries()) {
    if (text.length > 2000) continue;
    for (const [kind, re] of [
      ["permanent", PERMANENT],
      ["temporary", TEMPORARY],
      ["temporary", ROUTINE],
    ] as const) {
      const m = re.exec(text);
      if (!m) continue;
      if (re === ROUTINE) {
        const next = texts[index + 1];
        const context = next?.origin === origin ? `${text} ${next.text.slice(0, 300)}` : text;
        const dated = ONE_DATE.test(context) || SEASON.test(context);
        if (DATE_RANGE.test(context) || (dated && !UNTIL.test(context))) continue;
      }
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
