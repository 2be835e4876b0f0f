import { describe, expect, it } from "vitest";
import { preparePlace } from "../prepare.js";
import { parseLatLng, parseWktPoint } from "./coordinates.js";
import {
  countryFromAddressText,
  countryFromCoordinates,
  countryFromName,
  normalizeCountryCode,
} from "./country.js";

describe("country resolution", () => {
  it("finds the country of coordinates offline", () => {
    expect(countryFromCoordinates(48.8584, 2.2945)).toBe("FR");
    expect(countryFromCoordinates(40.7484, -73.9857)).toBe("US");
    expect(countryFromCoordinates(30, -45)).toBeNull(); // mid-Atlantic, outside any EEZ
  });

  it("normalizes given codes and aliases", () => {
    expect(normalizeCountryCode("us")).toBe("US");
    expect(normalizeCountryCode("UK")).toBe("GB");
    expect(normalizeCountryCode("USA")).toBe("US");
    expect(normalizeCountryCode("XX")).toBeNull();
    expect(normalizeCountryCode("EU")).toBeNull();
  });

  it("reads an obvious country at the end of an address", () => {
    expect(countryFromAddressText("4th & Bering St, Nome, AK 99762, US")).toBe("US");
    expect(countryFromAddressText("10 Downing St, London SW1A 2AA, United Kingdom")).toBe("GB");
    expect(countryFromAddressText("12 rue de Rivoli, 75001 Paris, France")).toBe("FR");
    expect(countryFromAddressText("350 5th Ave, New York, NY 10118 USA")).toBe("US");
    // A trailing US state is not a country: with a US-style street line "CA" is California; a
    // name shared with a country (Georgia) stays undecided.
    expect(countryFromAddressText("1 Infinite Loop, Cupertino, CA")).toBe("US");
    expect(countryFromAddressText("Atlanta, Georgia")).toBeNull();
  });

  it("answers territories as themselves (country-coder's territory level), not the sovereign state", () => {
    expect(countryFromCoordinates(22.2819, 114.1582)).toBe("HK");
    expect(countryFromCoordinates(22.19, 113.54)).toBe("MO");
    expect(countryFromCoordinates(18.45, -66.1)).toBe("PR");
    expect(countryFromCoordinates(16.24, -61.53)).toBe("GP");
    expect(countryFromCoordinates(-20.88, 55.45)).toBe("RE");
    expect(countryFromCoordinates(13.47, 144.75)).toBe("GU");
    expect(countryFromCoordinates(54.2, -4.5)).toBe("IM");
    expect(countryFromCoordinates(12.1, -68.93)).toBe("CW");
    expect(countryFromCoordinates(64.18, -51.7)).toBe("GL");
    expect(countryFromCoordinates(60.1, 19.93)).toBe("AX");
    // Reserved codes and parts without a code of their own give the sovereign country.
    expect(countryFromCoordinates(35.89, -5.31)).toBe("ES"); // Ceuta (EA is only reserved)
    expect(countryFromCoordinates(37.74, -25.67)).toBe("PT"); // Azores
    expect(countryFromCoordinates(51.5, -0.12)).toBe("GB"); // England
    expect(countryFromCoordinates(21.3, -157.85)).toBe("US"); // Hawaii
  });

  it("reads country names in other languages and scripts (CLDR)", () => {
    expect(countryFromName("قطر")).toBe("QA");
    expect(countryFromName("المغرب")).toBe("MA");
    expect(countryFromName("ישראל")).toBe("IL");
    expect(countryFromName("Deutschland")).toBe("DE");
    expect(countryFromName("Allemagne")).toBe("DE");
    expect(countryFromName("Alemania")).toBe("DE");
    expect(countryFromName("Россия")).toBe("RU");
    expect(countryFromName("日本")).toBe("JP");
    expect(countryFromName("中国")).toBe("CN");
    expect(countryFromName("대한민국")).toBe("KR");
    expect(countryFromName("Ελλάδα")).toBe("GR");
    expect(countryFromName("Brasil")).toBe("BR");
    expect(countryFromName("México")).toBe("MX");
    expect(countryFromName("भारत")).toBe("IN");
    expect(countryFromName("Springfield")).toBeNull();
    // A name that is also a city where it is written: no country.
    expect(countryFromName("Granada")).toBeNull();
  });

  it("finds the country of an address that names it only by region, postcode or script", () => {
    expect(countryFromAddressText("100 N Tampa St, Tampa, FL 33602")).toBe("US");
    expect(countryFromAddressText("Tampa, FL")).toBe("US");
    expect(countryFromAddressText("100 Queen St W, Toronto, ON")).toBe("CA");
    expect(countryFromAddressText("Toronto, Ontario")).toBe("CA");
    expect(countryFromAddressText("Montréal, QC H3B 1G7")).toBe("CA");
    expect(countryFromAddressText("1 Macquarie St, Sydney NSW")).toBe("AU");
    expect(countryFromAddressText("Perth WA 6000")).toBe("AU");
    expect(countryFromAddressText("10 Downing St, London SW1A 2AA")).toBe("GB");
    expect(countryFromAddressText("12 rue de Rivoli, 75001 Paris, Francia")).toBe("FR");
    expect(countryFromAddressText("شارع الكورنيش، الدوحة، قطر")).toBe("QA");
    expect(countryFromAddressText("〒100-8994 東京都千代田区丸ノ内2-7-2")).toBe("JP");
    expect(countryFromAddressText("서울특별시 중구 세종대로 110")).toBe("KR");
    expect(countryFromAddressText("北京市东城区王府井大街1号")).toBe("CN");
    expect(countryFromAddressText("臺北市信義區信義路五段7號")).toBe("TW");
    expect(countryFromAddressText("1 Raffles Place, Singapore 048616")).toBe("SG");
    expect(countryFromAddressText("Avenida Ashford 1, San Juan, PR 00907")).toBe("PR");
    expect(countryFromAddressText("Ponce, PR")).toBe("PR");
    // Undecided: a region code shared by two countries, a code that is also a country's.
    expect(countryFromAddressText("Perth, WA")).toBeNull();
    expect(countryFromAddressText("Berlin, DE")).toBeNull();
    expect(countryFromAddressText("Hauptstraße 5, 10115 Berlin, DE")).toBe("DE");
  });

  it("prefers the given country_code over coordinates, coordinates over the address", () => {
    const paris = { latitude: 48.8584, longitude: 2.2945 };
    expect(preparePlace("a", { name: "X", ...paris })).toMatchObject({
      countryCode: "FR",
      countrySource: "coordinates",
    });
    expect(preparePlace("b", { name: "X", ...paris, country_code: "BE" })).toMatchObject({
      countryCode: "BE",
      countrySource: "input",
    });
    expect(
      preparePlace("c", { name: "X", full_address: "1 Main St, Springfield, IL 62701, USA" }),
    ).toMatchObject({
      countryCode: "US",
      countrySource: "address",
    });
    // job_metadata.country_code comes from here: the address alone must name it.
    expect(preparePlace("e", { name: "X", full_address: "100 N Tampa St, Tampa, FL 33602" })).toMatchObject({
      countryCode: "US",
      countrySource: "address",
    });
    expect(preparePlace("f", { name: "X", city: "Toronto", state: "ON" })).toMatchObject({
      countryCode: "CA",
      countrySource: "address",
    });
    expect(
      preparePlace("g", { name: "X", full_address: "Calle Mayor 1, 28013 Madrid, Espagne" }).countryCode,
    ).toBe("ES");
    expect(preparePlace("h", { name: "X", latitude: 22.2819, longitude: 114.1582 }).countryCode).toBe("HK");
    expect(preparePlace("d", { name: "X", full_address: "somewhere" })).toMatchObject({
      countryCode: null,
      countrySource: null,
    });
  });
});

describe("coordinates", () => {
  it("parses WKT points, case-insensitive and with any spacing", () => {
    expect(parseWktPoint("POINT(2.2945 48.8584)")).toEqual({ lat: 48.8584, lng: 2.2945 });
    expect(parseWktPoint("  point ( -73.9857   40.7484 ) ")).toEqual({ lat: 40.7484, lng: -73.9857 });
    expect(parseWktPoint("SRID=4326;POINT Z (1 2 3)")).toEqual({ lat: 2, lng: 1 });
    expect(parseWktPoint("POINT(200 10)")).toBeNull();
    expect(parseWktPoint("LINESTRING(1 2, 3 4)")).toBeNull();
    expect(parseWktPoint(42)).toBeNull();
  });

  it("validates latitude/longitude ranges", () => {
    expect(parseLatLng(40.1, -73.2)).toEqual({ lat: 40.1, lng: -73.2 });
    expect(parseLatLng("40.1", "-73.2")).toEqual({ lat: 40.1, lng: -73.2 });
    expect(parseLatLng(91, 0)).toBeNull();
    expect(parseLatLng(Number.NaN, 0)).toBeNull();
  });

  it("uses WKT when lat/lng are absent, and finds the country from it", () => {
    const p = preparePlace("w", { name: "Eiffel Tower", wkt_geometry: "POINT (2.2945 48.8584)" });
    expect(p).toMatchObject({ latitude: 48.8584, longitude: 2.2945, countryCode: "FR" });
  });
});

describe("issue 7 instances tried from outside: where and how the country is written", () => {
  it.each([
    ["شارع التحلية، جدة، المملكة العربية السعودية", "SA"],
    ["شارع التحرير، القاهرة، مصر", "EG"],
    ["רחוב דיזנגוף 50, תל אביב, ישראל", "IL"],
    ["123 ถนนสุขุมวิท, กรุงเทพมหานคร 10110, ประเทศไทย", "TH"],
    ["मरीन ड्राइव, मुंबई, महाराष्ट्र 400020, भारत", "IN"],
    ["خیابان ولیعصر، تهران، ایران", "IR"],
    ["Ερμού 10, Αθήνα 105 63, Ελλάδα", "GR"],
    ["Kärntner Straße 1, 1010 Wien, Österreich", "AT"],
    ["İstiklal Caddesi 10, Beyoğlu, İstanbul, Türkiye", "TR"],
    ["Đường Đồng Khởi 10, Quận 1, Thành phố Hồ Chí Minh, Việt Nam", "VN"],
  ])("%s", (text, country) => {
    expect(countryFromAddressText(text)).toBe(country);
  });

  it("the country before a last part that is only the postcode (Russian Post)", () => {
    expect(countryFromAddressText("ул. Тверская, 7, Москва, Россия, 125009")).toBe("RU");
    expect(countryFromAddressText("Невский проспект, 28, Санкт-Петербург, Россия, 191186")).toBe("RU");
    expect(countryFromAddressText("вул. Хрещатик, 22, Київ, Україна, 01001")).toBe("UA");
    // A postcode after a town is no country.
    expect(countryFromAddressText("Main St 5, Springfield, 12345")).toBeNull();
  });

  it("Thai addresses separated by spaces", () => {
    expect(countryFromAddressText("ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร 10500 ประเทศไทย")).toBe("TH");
  });
});

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("country names that name Object.prototype members", () => {
  it("are unknown words, not aliases", () => {
    for (const w of PROTOTYPE_WORDS) {
      expect(countryFromName(w)).toBe(countryFromName("Zzqxv"));
      expect(normalizeCountryCode(w)).toBeNull();
    }
    expect(countryFromName("Zzqxv")).toBeNull();
  });
});
