import { describe, expect, it } from "vitest";
import { closureNotice } from "./closure-notice.js";

function kind(text: string) {
  return closureNotice([{ text, origin: "text" }])?.kind ?? null;
}

describe("closure notices", () => {
  it("reads permanent closures in several languages", () => {
    for (const t of [
      "This location is permanently closed.",
      "After 20 years we have closed our doors. Thank you!",
      "We are closed for good.",
      "Unser Laden ist dauerhaft geschlossen.",
      "Das Geschäft ist endgültig geschlossen.",
      "Le magasin est fermé définitivement.",
      "El local está cerrado permanentemente.",
      "Il negozio è chiuso definitivamente.",
      "De winkel is permanent gesloten.",
    ]) {
      expect(kind(t), t).toBe("permanent");
    }
  });

  it("reads temporary closures, with the sentence quoted", () => {
    expect(kind("Temporarily closed for renovations.")).toBe("temporary");
    expect(kind("Wegen Umbau vorübergehend geschlossen.")).toBe("temporary");
    expect(kind("Fermé temporairement pour travaux.")).toBe("temporary");
    expect(kind("Cerrado temporalmente por reformas.")).toBe("temporary");
    const s = closureNotice([
      { text: "Welcome! We are temporarily closed until May. See you soon.", origin: "text" },
    ]);
    expect(s?.quote).toBe("We are temporarily closed until May.");
  });

  it("ignores hours talk, negations, questions and past closures", () => {
    for (const t of [
      "We are closed on Sundays.",
      "Closed for the holidays from Dec 24 to Jan 2.",
      "We are not permanently closed!",
      "Wir sind nicht dauerhaft geschlossen.",
      "Are you permanently closed?",
      "We were temporarily closed in 2020 but are open again.",
    ]) {
      expect(kind(t), t).toBeNull();
    }
  });

  it("reads permanent closures in more languages and scripts", () => {
    for (const t of [
      "Abbiamo chiuso per sempre: grazie a tutti!",
      "I negozi sono chiusi definitivamente.",
      "Wij hebben onze deuren definitief gesloten.",
      "Het restaurant is definitief gesloten.",
      "A loja encerrou definitivamente em março.",
      "Os restaurantes estão encerrados definitivamente.",
      "El bar cerró definitivamente sus puertas.",
      "当店は2026年3月31日をもちまして閉店いたしました。",
      "長らくのご愛顧ありがとうございました。閉店しました。",
      "本店已结业，感谢支持。",
      "本店已歇業。",
      "Fechámos definitivamente as portas.",
      "本店已于2025年底结束营业。",
    ]) {
      expect(kind(t), t).toBe("permanent");
    }
  });

  it("reads closures for holidays or works as notices when they state no dated schedule", () => {
    for (const t of [
      "Siamo chiusi per ferie invernali! Riapriamo sabato 27 febbraio 2027",
      "Chiuso per ferie",
      "Chiusura temporanea per lavori.",
      "Siamo chiusi per lavori di ristrutturazione.",
      "Wegens vakantie gesloten tot en met 14 augustus.",
      "Tijdelijk gesloten.",
      "Gesloten wegens verbouwing.",
      "Temporariamente fechado.",
      "Estamos fechados para férias até 3 de setembro.",
      "Loja encerrada para obras.",
      "Wir sind im Betriebsurlaub bis 15.08.",
      "Betriebsurlaub!",
      "Wegen Umbau geschlossen.",
      "Cerrado por vacaciones. Volvemos pronto.",
      "Cerrado temporalmente.",
      "Cerrados por reformas hasta el 1 de marzo.",
      "Fermeture annuelle : réouverture le 2 septembre.",
      "Nous sommes fermés pour congés.",
      "Fermé pour travaux.",
      "We're closed for our winter break, reopening March 3rd.",
      "ただいま臨時休業中です。",
      "現在、休業中です。",
      "本店暂停营业，敬请谅解。",
      "本店暫停營業。",
      "Chiuso per ferie fino al 5 settembre.",
      "Siamo in ferie! Riapertura lunedì 2 settembre.",
      "Wegen Betriebsurlaub bleibt unser Geschäft bis zum 20.8. geschlossen.",
      "Nous sommes en congés jusqu'au 25 août.",
      "Estamos de vacaciones hasta el 1 de septiembre.",
      "Wij zijn met vakantie tot en met 14 augustus.",
      "We are currently on vacation and will reopen on March 3.",
      "暂停营业至3月1日。",
      "誠に勝手ながら、しばらくの間臨時休業いたします。",
    ]) {
      expect(kind(t), t).toBe("temporary");
    }
  });

  it("reads a dated holiday schedule on an open site as no closure", () => {
    for (const t of [
      "Chiuso per ferie dal 10 al 25 agosto.",
      "Betriebsurlaub vom 01.08. bis 15.08.",
      "Betriebsurlaub 1.–15.8.",
      "Fermeture annuelle du 1er au 20 août.",
      "Cerrado por vacaciones del 1 al 15 de agosto.",
      "Wegens vakantie gesloten van 1 t/m 15 augustus.",
      "Fechado para férias de 1 a 15 de agosto.",
      "Closed for the holidays Dec 24 - Jan 2.",
      "Closed for Christmas holidays on 25 December.",
      "年末年始は臨時休業となります。",
      "12月29日〜1月3日は臨時休業いたします。",
      "臨時休業日はカレンダーをご確認ください。",
      "春节期间暂停营业。",
      "Wir machen Betriebsurlaub vom 1. bis 15. August.",
      "Siamo in ferie dal 5 al 20 agosto.",
      "8月13日は臨時休業とさせていただきます。",
      "Chiuso per ferie il 15 agosto.",
      "Agosto: chiuso per ferie.",
      "Im August Betriebsurlaub? Nein: wir sind im Urlaub nur an Weihnachten.",
      "Closed for the Christmas holidays.",
    ]) {
      expect(kind(t), t).toBeNull();
    }
    // The dates on the next line make it a schedule too.
    expect(
      closureNotice([
        { text: "Chiuso per ferie", origin: "text" },
        { text: "dal 10 al 25 agosto", origin: "text" },
      ]),
    ).toBeNull();
    expect(
      closureNotice([
        { text: "臨時休業のお知らせ", origin: "text" },
        { text: "8月13日（火）〜8月16日（金）は臨時休業とさせていただきます。", origin: "text" },
      ]),
    ).toBeNull();
  });
});
