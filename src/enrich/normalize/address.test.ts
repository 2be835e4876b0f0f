import { describe, expect, it } from "vitest";
import { buildAddress } from "./address.js";
import { emptyAddress } from "./address-fields.js";
import { loadPeliasParser, peliasParse } from "./address-pelias.js";

function parse(text: string, countryHint: string | null = null, mode: "hybrid" | "pelias" = "hybrid") {
  const r = buildAddress({ fullAddress: text, parts: {}, countryHint }, mode);
  if (!r) throw new Error("no result");
  return r;
}

describe("buildAddress", () => {
  it("parses a US address", () => {
    const r = parse("123 Main St, New York, NY 10001");
    expect(r.address).toEqual({
      ...emptyAddress(),
      full_address: "123 Main St, New York, NY 10001",
      house: "123",
      street: "Main St",
      city: "New York",
      state: "NY",
      country: "US",
      postalCode: "10001",
    });
    expect(r.complete).toBe(true);
  });

  it("parses a UK address with its postcode", () => {
    expect(parse("10 Downing St, London SW1A 2AA, UK").address).toMatchObject({
      house: "10",
      street: "Downing St",
      city: "London",
      postalCode: "SW1A 2AA",
      country: "GB",
    });
  });

  it("parses a Canadian address with province, postcode and suite", () => {
    expect(parse("Suite 200, 100 Queen St W, Toronto, ON M5H 2N2, Canada").address).toMatchObject({
      unit_number: "200",
      house: "100",
      street: "Queen St W",
      city: "Toronto",
      state: "ON",
      postalCode: "M5H 2N2",
      country: "CA",
    });
  });

  it("parses an Australian address with its state", () => {
    expect(parse("1 Macquarie St, Sydney NSW 2000, Australia").address).toMatchObject({
      house: "1",
      street: "Macquarie St",
      city: "Sydney",
      state: "NSW",
      postalCode: "2000",
      country: "AU",
    });
    expect(parse("3/45 King St, Melbourne VIC 3000", "AU").address).toMatchObject({
      unit_number: "3",
      house: "45",
      street: "King St",
      state: "VIC",
    });
  });

  it("extracts unit numbers: Apt, #, Unit", () => {
    expect(parse("123 Main St Apt 4B, Springfield, IL 62701").address).toMatchObject({
      unit_number: "4B",
      house: "123",
    });
    expect(parse("350 5th Ave #12, New York, NY 10118, USA").address).toMatchObject({
      unit_number: "12",
      street: "5th Ave",
    });
    expect(parse("Unit 3, 45 King St, Melbourne VIC 3000").address).toMatchObject({
      unit_number: "3",
      house: "45",
    });
  });

  it("parses house-after-street countries and leading postcodes", () => {
    expect(parse("Hauptstraße 5, 10115 Berlin", "DE").address).toMatchObject({
      street: "Hauptstraße",
      house: "5",
      postalCode: "10115",
      city: "Berlin",
      country: "DE",
    });
    expect(parse("12 rue de Rivoli, 75001 Paris, France").address).toMatchObject({
      house: "12",
      street: "rue de Rivoli",
      postalCode: "75001",
      city: "Paris",
      country: "FR",
    });
  });

  it("falls back to pelias-parser for what the structural parser cannot account for", () => {
    const r = parse("Fishlake National Forest, Forest Rd 412, 84649, US");
    expect(r.method).toBe("pelias");
    expect(r.address).toMatchObject({
      street: "Forest Rd",
      house: "412",
      postalCode: "84649",
      country: "US",
    });
    expect(r.unparsed).toEqual(["Fishlake National Forest"]);
    expect(r.address.full_address).toBe("Fishlake National Forest, Forest Rd 412, 84649, US");
  });

  it("lets explicit address parts win over parsed ones", () => {
    const r = buildAddress(
      {
        fullAddress: "123 Main St, New York, NY 10001",
        parts: { city: "Brooklyn", postalCode: "11201" },
        countryHint: "US",
      },
      "hybrid",
    );
    expect(r?.address).toMatchObject({ street: "Main St", city: "Brooklyn", postalCode: "11201" });
  });

  it("builds from parts alone, with the country as alpha-2", () => {
    const r = buildAddress({
      fullAddress: null,
      parts: { street: "Main St", house: "5", city: "Springfield", country: "United States" },
      countryHint: null,
    });
    expect(r?.address).toMatchObject({ house: "5", street: "Main St", city: "Springfield", country: "US" });
    expect(r?.address.full_address).toBe("5 Main St, Springfield, US");
    expect(buildAddress({ fullAddress: null, parts: {}, countryHint: "US" })).toBeNull();
  });

  it("survives very long and odd input", () => {
    const long = `${"Building ".repeat(500)}, Springfield`;
    expect(() => parse(long)).not.toThrow();
    expect(() => parse("🍕🍕🍕, 東京都渋谷区, ,,,")).not.toThrow();
  });
});

describe("house-number suffixes stay with the number", () => {
  it("French, Italian, Spanish and Belgian bis/ter/quater", () => {
    expect(parse("3 bis Av. de Paris, 92320 Châtillon, France").address).toMatchObject({
      house: "3 bis",
      street: "Av. de Paris",
      postalCode: "92320",
      city: "Châtillon",
      country: "FR",
    });
    expect(parse("12ter rue Victor Hugo, 69002 Lyon, France").address).toMatchObject({
      house: "12ter",
      street: "rue Victor Hugo",
    });
    expect(parse("Via Roma 12 bis, 00184 Roma, Italia").address).toMatchObject({
      street: "Via Roma",
      house: "12 bis",
      city: "Roma",
      country: "IT",
    });
    expect(parse("Calle de Alcalá 25 quater, 28014 Madrid, España").address).toMatchObject({
      street: "Calle de Alcalá",
      house: "25 quater",
      country: "ES",
    });
    expect(parse("Rue Neuve 5 bis, 1000 Bruxelles, Belgique").address).toMatchObject({
      street: "Rue Neuve",
      house: "5 bis",
      country: "BE",
    });
  });

  it("letters, hyphenated letters, fractions and Dutch floor designators", () => {
    expect(parse("123 1/2 Main St, Springfield, IL 62701").address).toMatchObject({
      house: "123 1/2",
      street: "Main St",
    });
    expect(parse("123½ Elm Ave, Portland, OR 97201").address).toMatchObject({
      house: "123½",
      street: "Elm Ave",
    });
    expect(parse("3750-I W Market St, Fairlawn, OH 44333, US").address).toMatchObject({
      house: "3750-I",
      street: "W Market St",
    });
    expect(parse("Hauptstraße 5 a, 80331 München", "DE").address).toMatchObject({
      street: "Hauptstraße",
      house: "5 a",
    });
    expect(parse("Kerkstraat 12-hs, 1017 GC Amsterdam, Nederland").address).toMatchObject({
      street: "Kerkstraat",
      house: "12-hs",
      postalCode: "1017 GC",
      country: "NL",
    });
    expect(parse("Rua Augusta 274-A, 1100-053 Lisboa, Portugal").address).toMatchObject({
      street: "Rua Augusta",
      house: "274-A",
      postalCode: "1100-053",
      country: "PT",
    });
    // Queens keeps its hyphenated house numbers.
    expect(parse("45-12 Queens Blvd, Queens, NY 11104").address).toMatchObject({
      house: "45-12",
      street: "Queens Blvd",
    });
  });

  it("reads a number written as its own part, before or after the street", () => {
    expect(parse("12 bis, rue de la Paix, 75002 Paris, France").address).toMatchObject({
      house: "12 bis",
      street: "rue de la Paix",
      city: "Paris",
    });
    expect(parse("Via Roma, 12/A, 00184 Roma (RM), Italia").address).toMatchObject({
      street: "Via Roma",
      house: "12/A",
      city: "Roma",
      state: "RM",
    });
    expect(parse("Calle de Alcalá, 25, 28014 Madrid").address).toMatchObject({
      street: "Calle de Alcalá",
      house: "25",
    });
  });

  it("reads marked numbers and Colombian nomenclature; a numbered street alone is unsure", () => {
    expect(parse("İstiklal Caddesi No: 12, 34433 Beyoğlu/İstanbul, Türkiye").address).toMatchObject({
      street: "İstiklal Caddesi",
      house: "12",
      suburb: "Beyoğlu",
      city: "İstanbul",
    });
    expect(parse("Hauptstraße Nr. 5, 10115 Berlin, Deutschland").address).toMatchObject({
      street: "Hauptstraße",
      house: "5",
    });
    expect(parse("Carrera 7 # 32-16, Bogotá, Colombia").address).toMatchObject({
      street: "Carrera 7",
      house: "32-16",
      unit_number: null,
      city: "Bogotá",
    });
    expect(parse("Av. Boyacá No. 64C-15, Bogotá, Colombia").address).toMatchObject({
      street: "Av. Boyacá",
      house: "64C-15",
    });
    // "Calle 10": the street's name or Calle + house 10? Not complete, whatever a parser says.
    expect(parse("Calle 10, Medellín, Colombia").complete).toBe(false);
    // "Stephansplatz" does not start with a suite ("Ste").
    expect(parse("Stephansplatz 1, 1010 Wien, Österreich").address).toMatchObject({
      street: "Stephansplatz",
      unit_number: null,
    });
  });

  it("reads 's/n' (sin número) as a street without a number", () => {
    const r = parse("Calle Mayor s/n, 28013 Madrid, España");
    expect(r.address).toMatchObject({ street: "Calle Mayor", house: null, city: "Madrid" });
    expect(r.complete).toBe(true);
    expect(parse("Avenida Paulista S/N, São Paulo - SP, 01310-200, Brasil").address).toMatchObject({
      street: "Avenida Paulista",
      house: null,
      state: "SP",
    });
  });
});

describe("postal-delivery designators fill no field", () => {
  it("La Poste: CS/BP/TSA boxes and CEDEX", () => {
    const r = parse("12 rue de la Gare, CS 10001, 33000 Bordeaux Cedex");
    expect(r.address).toMatchObject({
      house: "12",
      street: "rue de la Gare",
      city: "Bordeaux",
      postalCode: "33000",
      state: null,
    });
    expect(r.delivery).toEqual(["CS 10001", "CEDEX"]);
    expect(r.address.full_address).toBe("12 rue de la Gare, CS 10001, 33000 Bordeaux Cedex");
    expect(parse("5 avenue Foch, BP 123, 75116 Paris Cedex 16, France").address).toMatchObject({
      house: "5",
      street: "avenue Foch",
      city: "Paris",
      postalCode: "75116",
      country: "FR",
    });
    expect(parse("TSA 70001, 69000 Lyon CEDEX 02").delivery).toEqual(["TSA 70001", "CEDEX 02"]);
  });

  it("PO Box, Postfach, Apartado, Caixa Postal, Casella Postale, Postbus, Locked Bag", () => {
    const po = parse("PO Box 123, Anchorage, AK 99501");
    expect(po.address).toMatchObject({ house: null, street: null, city: "Anchorage", state: "AK" });
    expect(po.delivery).toEqual(["PO Box 123"]);
    expect(po.complete).toBe(false);
    const de = parse("Postfach 10 12 34, 80331 München, Deutschland");
    expect(de.address).toMatchObject({ house: null, street: null, city: "München", postalCode: "80331" });
    expect(de.delivery).toEqual(["Postfach 10 12 34"]);
    expect(parse("Calle Real 5, Apartado 1234, 28001 Madrid, España").address).toMatchObject({
      street: "Calle Real",
      house: "5",
      city: "Madrid",
      state: null,
    });
    expect(parse("Caixa Postal 99, São Paulo - SP, 01310-200, Brasil").delivery).toEqual(["Caixa Postal 99"]);
    expect(parse("Casella Postale 45, 00184 Roma, Italia").delivery).toEqual(["Casella Postale 45"]);
    expect(parse("Postbus 1234, 1000 BE Amsterdam, Nederland").delivery).toEqual(["Postbus 1234"]);
    const doha = parse("ص.ب 1234، الدوحة، قطر");
    expect(doha.address).toMatchObject({ city: "الدوحة", country: "QA", house: null, street: null });
    expect(doha.delivery).toEqual(["ص.ب 1234"]);
    const mx = parse("Apartado Postal 5-123, 44100 Guadalajara, Jal., México");
    expect(mx.address).toMatchObject({
      city: "Guadalajara",
      state: "Jal.",
      postalCode: "44100",
      street: null,
    });
    expect(mx.delivery).toEqual(["Apartado Postal 5-123"]);
    expect(parse("Private Bag X1, Pretoria 0001, South Africa").delivery).toEqual(["Private Bag X1"]);
    expect(parse("Locked Bag 1, Sydney NSW 2001, Australia").address).toMatchObject({
      city: "Sydney",
      state: "NSW",
      postalCode: "2001",
      house: null,
    });
  });
});

describe("unit and house written as one token", () => {
  it("reads '#unit-house' anywhere and 'unit-house' in Canada (Canada Post)", () => {
    expect(parse("#402-45 Hanna Ave, Toronto, ON M6K 1X1").address).toMatchObject({
      unit_number: "402",
      house: "45",
      street: "Hanna Ave",
      city: "Toronto",
      state: "ON",
      postalCode: "M6K 1X1",
      country: "CA",
    });
    expect(parse("1203-88 Harbour St, Toronto, ON M5J 0C3, Canada").address).toMatchObject({
      unit_number: "1203",
      house: "88",
      street: "Harbour St",
    });
    expect(parse("210-1055 rue Sainte-Catherine, Montréal, QC H3B 1G7").address).toMatchObject({
      unit_number: "210",
      house: "1055",
      street: "rue Sainte-Catherine",
      state: "QC",
    });
    expect(parse("#12-3400 Main St, Vancouver, BC V5V 3N1").address).toMatchObject({
      unit_number: "12",
      house: "3400",
      state: "BC",
    });
    expect(parse("Suite 100 - 1234 W Broadway, Vancouver, BC V6H 1G1").address).toMatchObject({
      unit_number: "100",
      house: "1234",
      street: "W Broadway",
    });
    // Outside Canada a bare hyphenated number is the house (Queens); '#' still marks the unit.
    expect(parse("#5-20 King St, Sydney NSW 2000").address).toMatchObject({ unit_number: "5", house: "20" });
  });
});

describe("addresses written largest unit first (Japan, China, Taiwan, Korea)", () => {
  it("Japan Post order with 〒 postcode, full-width digits and 丁目", () => {
    const r = parse("〒100-8994 東京都千代田区丸ノ内2-7-2");
    expect(r.method).toBe("cjk");
    expect(r.address).toMatchObject({
      postalCode: "100-8994",
      state: "東京都",
      city: "千代田区",
      neighborhood: "丸ノ内",
      house: "2-7-2",
      country: "JP",
    });
    expect(parse("〒１００－８９９４ 東京都千代田区丸ノ内２－７－２").address).toMatchObject({
      postalCode: "100-8994",
      state: "東京都",
      city: "千代田区",
      house: "2-7-2",
    });
    expect(parse("大阪府大阪市北区梅田3丁目1番3号").address).toMatchObject({
      state: "大阪府",
      city: "大阪市",
      suburb: "北区",
      neighborhood: "梅田",
      block: "3丁目",
      house: "1-3",
    });
    expect(parse("日本 〒231-0017 神奈川県横浜市中区港町1-1").address).toMatchObject({
      postalCode: "231-0017",
      state: "神奈川県",
      city: "横浜市",
      suburb: "中区",
      country: "JP",
    });
  });

  it("China, Taiwan and Korea", () => {
    expect(parse("北京市东城区王府井大街1号").address).toMatchObject({
      state: "北京市",
      city: "北京市",
      suburb: "东城区",
      street: "王府井大街",
      house: "1",
      country: "CN",
    });
    expect(parse("广东省深圳市南山区深南大道10000号 518057").address).toMatchObject({
      state: "广东省",
      city: "深圳市",
      suburb: "南山区",
      street: "深南大道",
      house: "10000",
      postalCode: "518057",
    });
    expect(parse("臺北市信義區信義路五段7號").address).toMatchObject({
      city: "臺北市",
      suburb: "信義區",
      street: "信義路五段",
      house: "7",
      country: "TW",
    });
    expect(parse("서울특별시 중구 세종대로 110").address).toMatchObject({
      state: "서울특별시",
      city: "중구",
      street: "세종대로",
      house: "110",
      country: "KR",
    });
    expect(parse("04524 서울 중구 세종대로 110 (태평로1가)").address).toMatchObject({
      postalCode: "04524",
      state: "서울특별시",
      street: "세종대로",
      house: "110",
      neighborhood: "태평로1가",
    });
  });

  it("never truncates a postcode and is not complete when it cannot place the rest", () => {
    expect(parse("2-7-2 Marunouchi, Chiyoda-ku, Tokyo 100-8994, Japan").address).toMatchObject({
      postalCode: "100-8994",
      country: "JP",
    });
    // Sapporo's 条 blocks are not read: the rest stays unparsed, the parse is not complete.
    expect(parse("北海道札幌市中央区北1条西2丁目").complete).toBe(false);
    expect(parse("東京都 千代田区 丸の内 2-7-2").address).toMatchObject({ city: "千代田区", house: "2-7-2" });
    const r = parse("東京都 どこか");
    expect(r.address.postalCode).toBeNull();
    expect(r.complete).toBe(false);
  });
});

describe("non-Latin separators and local-language country names", () => {
  it("splits on Arabic, full-width and ideographic commas; the country is never the city", () => {
    expect(parse("شارع الكورنيش، الدوحة، قطر").address).toMatchObject({
      street: "شارع الكورنيش",
      city: "الدوحة",
      country: "QA",
    });
    expect(parse("شارع التحلية، الرياض، المملكة العربية السعودية").address).toMatchObject({
      street: "شارع التحلية",
      city: "الرياض",
      country: "SA",
    });
    expect(parse("רחוב הרצל 10, תל אביב, ישראל").address).toMatchObject({
      street: "רחוב הרצל",
      house: "10",
      city: "תל אביב",
      country: "IL",
    });
    expect(parse("улица Тверская 7, Москва, Россия").address).toMatchObject({
      street: "улица Тверская",
      house: "7",
      city: "Москва",
      country: "RU",
    });
    expect(parse("123 Main St，Springfield，IL 62701").address).toMatchObject({
      house: "123",
      street: "Main St",
      city: "Springfield",
      state: "IL",
    });
    expect(parse("Hauptstraße 5, 10115 Berlin, Allemagne").address).toMatchObject({
      city: "Berlin",
      country: "DE",
    });
  });

  it("US territories are countries of their own; Spanish street lines read number-last", () => {
    expect(parse("Avenida Ashford 1, San Juan, PR 00907").address).toMatchObject({
      street: "Avenida Ashford",
      house: "1",
      city: "San Juan",
      postalCode: "00907",
      country: "PR",
    });
    expect(parse("123 Marine Dr, Hagåtña, GU 96910").address).toMatchObject({ country: "GU", state: "GU" });
    expect(parse("Av. Vallarta 1234, 44100 Guadalajara, Jal., México").address).toMatchObject({
      street: "Av. Vallarta",
      house: "1234",
      city: "Guadalajara",
      state: "Jal.",
      postalCode: "44100",
    });
  });

  it("Brazilian layout: number after the street, district, city - UF", () => {
    expect(parse("Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200, Brasil").address).toMatchObject(
      {
        street: "Av. Paulista",
        house: "1578",
        neighborhood: "Bela Vista",
        city: "São Paulo",
        state: "SP",
        postalCode: "01310-200",
        country: "BR",
      },
    );
  });

  it("leaves a code that may be a state or a country alone when nothing decides", () => {
    const r = parse("Berlin, DE");
    expect(r.address.state).toBeNull();
    expect(r.complete).toBe(false);
    expect(parse("Hauptstraße 5, 10115 Berlin, DE").address).toMatchObject({ country: "DE", state: null });
    expect(parse("1 Infinite Loop, Cupertino, CA").address).toMatchObject({ state: "CA", country: "US" });
  });
});

describe("pelias-parser", () => {
  it("is loaded once and labels a US address", () => {
    const loadMs = loadPeliasParser();
    expect(loadMs).toBeGreaterThan(0);
    // Built once: a second call reports the first construction's time (the timing is bench:enrich's).
    expect(loadPeliasParser()).toBe(loadMs);
    const r = peliasParse("30 w 26 st nyc 10010");
    expect(r?.labels.map((l) => l.label)).toEqual(["housenumber", "street", "locality", "postcode"]);
  });
});
