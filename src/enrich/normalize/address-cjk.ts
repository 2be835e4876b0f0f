/**
 * Addresses written largest unit first without separators, as Japan, China, Taiwan and Korea write
 * them in their own scripts: `〒100-8994 東京都千代田区丸ノ内2-7-2`, `北京市东城区王府井大街1号`,
 * `臺北市信義區信義路五段7號`, `서울특별시 중구 세종대로 110`.
 *
 * Conventions followed (one per country):
 * - Japan Post: `〒` + 7-digit postcode `NNN-NNNN`, then prefecture (都道府県, the 47 of JIS X 0401),
 *   municipality (市/区/町/村, a designated city's ward 区 after it, a district 郡 before a town),
 *   then the district (町名/大字) and the block numbers `2-7-2` or `2丁目7番2号` (丁目 = `block`);
 * - China (GB/T 2260 divisions): province (省/自治区) or municipality (北京市, 上海市, 天津市,
 *   重庆市), prefecture-level city (市/自治州/地区/盟), district or county (区/县/旗/市), then the
 *   road (路/街/大街/大道/巷/胡同/道/里) and its number (号); a 6-digit postcode before or after;
 * - Taiwan (Chunghwa Post): city or county (市/縣), district or township (區/鄉/鎮/市), road with
 *   section (段), lane (巷), alley (弄) and number (號); a 3/5/6-digit postcode before;
 * - Korea (road-name addresses, 도로명주소): province or metropolitan city (도/특별시/광역시/
 *   특별자치시/특별자치도), city/county/district (시/군/구, a city's 구 after it), road (로/길,
 *   `번길`) and building number; a 5-digit postcode before or in parentheses.
 *
 * Full-width digits and dashes (`１００－８９９４`, `2ー7ー2`) are read as ASCII. What the patterns do
 * not account for is left in `unparsed` (the whole text stays in full_address), and the parse is
 * not `complete` then.
 */

import { lookupTable } from "../../lookup-table.js";
import type { AddressParts } from "./address-fields.js";

export interface CjkParse {
  parts: AddressParts;
  complete: boolean;
  unparsed: string[];
}

// biome-ignore format: compact lookup table
const JP_PREFECTURES = [
  "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県",
  "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",
  "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県",
  "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県",
  "宮崎県", "鹿児島県", "沖縄県",
];

// biome-ignore format: compact lookup table
const CN_PROVINCES = [
  "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
  "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
  "云南省", "陕西省", "甘肃省", "青海省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区",
  "新疆维吾尔自治区",
];
/** The four municipalities are province-level: they are both the state and the city. */
const CN_MUNICIPALITIES = new Set(["北京市", "天津市", "上海市", "重庆市"]);

// biome-ignore format: compact lookup table
const TW_DIVISIONS = [
  "臺北市", "台北市", "新北市", "桃園市", "臺中市", "台中市", "臺南市", "台南市", "高雄市", "基隆市", "新竹市",
  "嘉義市", "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣",
  "台東縣", "澎湖縣", "金門縣", "連江縣",
];

// biome-ignore format: compact lookup table
const KR_PROVINCES = [
  "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시",
  "경기도", "강원특별자치도", "강원도", "충청북도", "충청남도", "전북특별자치도", "전라북도", "전라남도", "경상북도",
  "경상남도", "제주특별자치도",
];
/** Short forms Korean addresses also use ("서울 중구 …"). */
// biome-ignore format: compact lookup table
const KR_SHORT: Readonly<Record<string, string>> = lookupTable({
  서울: "서울특별시", 서울시: "서울특별시", 부산: "부산광역시", 부산시: "부산광역시", 대구: "대구광역시",
  인천: "인천광역시", 광주: "광주광역시", 대전: "대전광역시", 울산: "울산광역시", 세종: "세종특별자치시",
  경기: "경기도", 강원: "강원특별자치도", 충북: "충청북도", 충남: "충청남도", 전북: "전북특별자치도", 전남: "전라남도",
  경북: "경상북도", 경남: "경상남도", 제주: "제주특별자치도", 제주도: "제주특별자치도",
});

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const COUNTRY_PREFIX =
  /^(日本国?|中华人民共和国|中華人民共和國|中国|中國|台灣|臺灣|中華民國|대한민국|한국)\s*/u;
const COUNTRY_OF_PREFIX: Readonly<Record<string, string>> = {
  日本: "JP",
  日本国: "JP",
  中华人民共和国: "CN",
  中華人民共和國: "CN",
  中国: "CN",
  中國: "CN",
  台灣: "TW",
  臺灣: "TW",
  中華民國: "TW",
  대한민국: "KR",
  한국: "KR",
};

/**
 * Full-width ASCII (U+FF01–FF5E) → ASCII, and the dashes Japanese addresses put between numbers
 * (ー U+30FC, － U+FF0D, ‐ U+2010, − U+2212, ― U+2015) → "-". Same length as the input.
 */
const WIDE_OR_DASH = /[\uff01-\uff5e\u30fc\u2010-\u2015\u2212\u3000]/;

export function asciiDigits(text: string): string {
  if (!WIDE_OR_DASH.test(text)) return text;
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(?<=\d)\s*[\u30fc\u2010-\u2015\u2212]\s*(?=\d)/g, "-")
    .replace(/\u3000/g, " ");
}

/** True when the text is written in Japanese, Chinese or Korean script (a CJK parse applies). */
export function isCjkAddress(text: string): boolean {
  return CJK_CHAR.test(text);
}

function startsWithAny(text: string, names: readonly string[]): string | null {
  for (const n of names) if (text.startsWith(n)) return n;
  return null;
}

interface Head {
  country: string | null;
  postalCode: string | null;
  rest: string;
}

/** Strips a leading country name and postcode (and a trailing one), in any order. */
function head(text: string): Head {
  let rest = asciiDigits(text).trim();
  let country: string | null = null;
  let postalCode: string | null = null;
  for (let i = 0; i < 2; i++) {
    const c = COUNTRY_PREFIX.exec(rest);
    if (c?.[1] && !country) {
      country = COUNTRY_OF_PREFIX[c[1]] ?? null;
      rest = rest.slice(c[0].length);
      continue;
    }
    const p =
      /^(?:〒|邮编[:：]?|郵遞區號[:：]?|우편번호[:：]?)?\s*[(（]?(\d{3}-\d{4}|\d{6}|\d{5}|\d{3})[)）]?\s*/u.exec(
        rest,
      );
    if (
      p?.[1] &&
      !postalCode &&
      (p[0].includes("〒") || CJK_CHAR.test(rest.slice(p[0].length, p[0].length + 1)) || /\s/.test(p[0]))
    ) {
      postalCode = p[1];
      rest = rest.slice(p[0].length);
    }
  }
  const tail = /\s*[(（]?(?:〒|邮编[:：]?)?\s*(\d{3}-\d{4}|\d{6}|\d{5})[)）]?$/u.exec(rest);
  if (tail?.[1] && !postalCode && tail.index > 0) {
    postalCode = tail[1];
    rest = rest.slice(0, tail.index);
  }
  return { country, postalCode, rest: rest.replace(/^[\s,，、]+|[\s,，、]+$/g, "") };
}

/** The country a CJK address names or implies by its first-level division or postcode mark. */
export function cjkCountry(text: string): string | null {
  if (!isCjkAddress(text)) return null;
  const h = head(text);
  if (h.country) return h.country;
  const r = h.rest;
  if (startsWithAny(r, JP_PREFECTURES) || text.includes("〒")) return "JP";
  if (startsWithAny(r, TW_DIVISIONS)) return "TW";
  if (startsWithAny(r, CN_PROVINCES)) return "CN";
  const first = r.split(/\s+/)[0] ?? "";
  if (KR_PROVINCES.includes(first) || KR_SHORT[first]) return "KR";
  return null;
}

function done(parts: AddressParts, rest: string, needs: ReadonlyArray<keyof AddressParts>): CjkParse {
  const left = rest.trim();
  const unparsed = left ? [left] : [];
  return { parts, complete: unparsed.length === 0 && needs.every((k) => parts[k] !== undefined), unparsed };
}

/** Japan Post order: prefecture, municipality (+ ward), district, block numbers, building. */
function parseJapanese(h: Head, parts: AddressParts): CjkParse {
  let rest = h.rest;
  const pref = startsWithAny(rest, JP_PREFECTURES);
  if (pref) {
    parts.state = pref;
    rest = rest.slice(pref.length).trimStart();
  }
  // 郡 + 町/村 ("足柄下郡箱根町"), city + ward ("横浜市中区"), Tokyo special ward ("千代田区"), or town.
  const muni =
    /^(\S{1,6}?郡)(\S{1,5}?[町村])/u.exec(rest) ??
    /^(\S{1,6}?市)(\S{1,4}?区)?/u.exec(rest) ??
    /^(\S{1,5}?[区町村])/u.exec(rest);
  if (muni?.[1]) {
    if (muni[1].endsWith("郡") && muni[2]) parts.city = muni[2];
    else {
      parts.city = muni[1];
      if (muni[2]) parts.suburb = muni[2];
    }
    rest = rest.slice(muni[0].length).trimStart();
  }
  // District name, then "2丁目7番2号" or "2-7-2" (丁目 is the block; 番(地)-号 the house).
  const m =
    /^\s*([^\d\s]*?)\s*(?:(\d+)丁目\s*)?(\d+(?:番地?|-)\d*(?:号|-\d+)?|\d+(?:-\d+){0,3})(?:号)?\s*/u.exec(
      rest,
    );
  if (m && (m[2] || m[3])) {
    if (m[1]) parts.neighborhood = m[1];
    if (m[2]) parts.block = `${m[2]}丁目`;
    if (m[3]) parts.house = m[3].replace(/[番地号]+$/u, "").replace(/番地?/u, "-");
    rest = rest.slice(m[0].length);
  } else if (/^[^\d\s]+$/u.test(rest.trim()) && rest.trim()) {
    parts.neighborhood = rest.trim();
    rest = "";
  }
  rest = takeBuildingAndFloor(rest, parts);
  return done(parts, rest, ["state", "city", "house"]);
}

/** Words that name a building (ビル, タワー, 大厦, 빌딩, ...): only such a remainder is a building. */
const BUILDING_WORD =
  /ビル|タワー|ハイツ|マンション|センター|会館|ヒルズ|シティ|大厦|大楼|大廈|中心|广场|廣場|빌딩|타워|아파트|센터|building|tower|plaza|center|centre/iu;

function takeBuildingAndFloor(rest: string, parts: AddressParts): string {
  let r = rest.trim();
  const floor = /\s*(\d{1,3})\s*(?:F|階|층|楼|樓)$/iu.exec(r);
  if (floor?.[1]) {
    parts.floor = floor[1];
    r = r.slice(0, floor.index).trim();
  }
  if (r && r.length <= 40 && (BUILDING_WORD.test(r) || !/\d/.test(r))) {
    parts.building = r;
    r = "";
  }
  return r;
}

const CN_ROAD =
  /^(\S+?(?:大街|大道|胡同|路|街|巷|道|里)(?:[一二三四五六七八九十\d]+段)?)(?:(\d+)(?:巷)(\d+)?(?:弄)?)?\s*(\d+(?:-\d+)?)(?:号|號)\s*/u;

/** China and Taiwan: province/municipality, city, district, road, number. */
function parseChinese(h: Head, parts: AddressParts, country: "CN" | "TW"): CjkParse {
  let rest = h.rest;
  const first = startsWithAny(rest, country === "TW" ? TW_DIVISIONS : CN_PROVINCES);
  if (first) {
    rest = rest.slice(first.length);
    if (country === "TW" || CN_MUNICIPALITIES.has(first)) {
      parts.city = first;
      if (country === "CN") parts.state = first;
    } else {
      parts.state = first;
      const city = /^(\S{1,8}?(?:自治州|地区|盟|市))/u.exec(rest);
      if (city?.[1]) {
        parts.city = city[1];
        rest = rest.slice(city[1].length);
      }
    }
  }
  const district = /^(\S{1,6}?(?:区|區|县|縣|旗|鄉|鎮|市))(?!场|場|政府)/u.exec(rest);
  if (district?.[1] && parts.city !== undefined) {
    parts.suburb = district[1];
    rest = rest.slice(district[1].length);
  }
  const road = CN_ROAD.exec(rest);
  if (road?.[1] && road[4]) {
    parts.street = road[1];
    parts.house = road[2] ? `${road[2]}巷${road[3] ? `${road[3]}弄` : ""}${road[4]}` : road[4];
    rest = rest.slice(road[0].length);
  }
  rest = takeBuildingAndFloor(rest, parts);
  return done(parts, rest, ["city", "street", "house"]);
}

/** Korean road-name address: province/metropolitan city, 시/군/구 (+ 구), road (로/길), number. */
function parseKorean(h: Head, parts: AddressParts): CjkParse {
  const words = h.rest.split(/\s+/).filter(Boolean);
  let i = 0;
  const first = words[0] ?? "";
  const province = KR_PROVINCES.includes(first) ? first : KR_SHORT[first];
  if (province) {
    parts.state = province;
    i++;
  }
  if (words[i] && /[시군구]$/u.test(words[i]!)) {
    parts.city = words[i]!;
    i++;
    if (parts.city.endsWith("시") && words[i] && /구$/u.test(words[i]!)) {
      parts.suburb = words[i]!;
      i++;
    }
  } else if (province?.endsWith("특별자치시")) {
    parts.city = province;
  }
  if (words[i] && /[읍면동]$/u.test(words[i]!)) {
    parts.neighborhood = words[i]!;
    i++;
  }
  if (
    words[i] &&
    /(?:로|길|대로|번길|리)$/u.test(words[i]!) &&
    words[i + 1] &&
    /^\d+(?:-\d+)?$/.test(words[i + 1]!)
  ) {
    parts.street = words[i]!;
    parts.house = words[i + 1]!;
    i += 2;
  }
  let rest = words.slice(i).join(" ");
  // "(태평로1가)": the legal district in parentheses after a road-name address.
  const legal = /^[(（]([^)）]+)[)）]\s*/u.exec(rest);
  if (legal?.[1]) {
    parts.neighborhood ??= legal[1];
    rest = rest.slice(legal[0].length);
  }
  rest = takeBuildingAndFloor(rest.replace(/^[,，]\s*/, ""), parts);
  return done(parts, rest, ["state", "street", "house"]);
}

/**
 * Parses a Japanese, Chinese, Taiwanese or Korean address written in its own script; null when the
 * text is not one (no CJK characters, or no known first-level division, postcode mark or country).
 */
export function parseCjkAddress(text: string, countryHint: string | null): CjkParse | null {
  if (!isCjkAddress(text)) return null;
  const h = head(text);
  const country =
    cjkCountry(text) ?? (["JP", "CN", "TW", "KR"].includes(countryHint ?? "") ? countryHint : null);
  if (!country) return null;
  const parts: AddressParts = { country };
  if (h.postalCode) parts.postalCode = h.postalCode;
  if (country === "JP") return parseJapanese(h, parts);
  if (country === "KR") return parseKorean(h, parts);
  if (country === "CN" || country === "TW") return parseChinese(h, parts, country);
  return null;
}
