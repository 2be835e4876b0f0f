/**
 * The ReferenceStore contract: one suite, written against the port only, that the SQLite and the
 * PostgreSQL reference stores must both pass. `make` returns a store on a fresh, empty database and a
 * cleanup; the suite migrates it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildRecord, type ReferenceDraft } from "../../src/reference/build-record.js";
import { recordKeys } from "../../src/reference/match/match-keys.js";
import type { NameQuery, NearQuery, ReferenceRow, ReferenceStore } from "../../src/reference/store/port.js";
import { stageRows } from "../../src/reference/store/row-columns.js";

export interface ReferenceStoreUnderTest {
  store: ReferenceStore;
  /** Another store on the same database (its own connection): a running service's reader. */
  openReader: () => ReferenceStore;
  cleanup: () => Promise<void>;
}

/** A stored row built by the import code path (normalization + keys). */
export function row(draft: Partial<ReferenceDraft> & { id: string; name: string }): ReferenceRow {
  const built = buildRecord({ original: { id: draft.id }, ...draft });
  if ("skip" in built) throw new Error(`fixture row skipped: ${built.skip}`);
  return { record: built.record, keys: recordKeys(built.record) };
}

// Times Square, New York; ~111 m per 0.001° of latitude.
const LAT = 40.758;
const LON = -73.9855;

function near(latitude: number, longitude: number, extra: Partial<NearQuery> = {}): NearQuery {
  return { latitude, longitude, radiusM: 200, wideRadiusM: 500, phone: null, domain: null, ...extra };
}

async function importRows(
  store: ReferenceStore,
  name: string,
  rows: ReferenceRow[],
  tokens = new Map<string, number>(),
) {
  const job = await store.beginImport({
    name,
    format: "jsonl",
    file: `${name}.jsonl`,
    now: 1_700_000_000_000,
  });
  await job.add(rows);
  return job.commit(tokens);
}

export function describeReferenceStoreContract(
  name: string,
  make: () => Promise<ReferenceStoreUnderTest>,
): void {
  describe(`ReferenceStore contract: ${name}`, () => {
    let sut: ReferenceStoreUnderTest;
    let store: ReferenceStore;

    beforeEach(async () => {
      sut = await make();
      store = sut.store;
      await store.migrate();
      await store.migrate();
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    const cafe = row({
      id: "c1",
      name: "Joe's Café",
      latitude: LAT,
      longitude: LON,
      phones: ["+1 212 555 0100"],
      websites: ["https://joescafe.com/times-square"],
      streetLine: "1500 Broadway",
      city: "New York",
      state: "NY",
      postcode: "10036-4001",
      country: "US",
      categories: ["coffee_shop"],
    });
    const pizza = row({
      id: "p1",
      name: "Pizza Palace",
      latitude: LAT + 0.001,
      longitude: LON,
      country: "US",
    });
    // ~330 m north: outside 200 m, inside 500 m.
    const farSamePhone = row({
      id: "f1",
      name: "Joe's Cafe Annex",
      latitude: LAT + 0.003,
      longitude: LON,
      phones: ["+12125550100"],
      country: "US",
    });
    const farOther = row({
      id: "f2",
      name: "Bagel Barn",
      latitude: LAT + 0.003,
      longitude: LON + 0.0001,
      country: "US",
    });
    const noCoordinates = row({
      id: "n1",
      name: "Café Lumière",
      streetLine: "12 Rue de Rivoli",
      city: "Paris",
      postcode: "75004",
      country: "FR",
    });

    it("starts empty", async () => {
      expect(await store.listSources()).toEqual([]);
      expect(await store.countRecords()).toBe(0);
      expect(await store.candidatesNear([near(LAT, LON)])).toEqual([[]]);
      expect(await store.candidatesByName([{ tokens: ["cafe"], limit: 5 }])).toEqual([[]]);
      expect(await store.tokenFrequencies()).toEqual({ total: 0, df: new Map() });
    });

    it("imports a source and lists it", async () => {
      expect(await importRows(store, "mine", [cafe, pizza, farSamePhone, farOther, noCoordinates])).toBe(5);
      expect(await store.listSources()).toEqual([
        expect.objectContaining({
          name: "mine",
          format: "jsonl",
          file: "mine.jsonl",
          records: 5,
          importedAt: 1_700_000_000_000,
        }),
      ]);
      const [src] = await store.listSources();
      expect(src!.pkMax! - src!.pkMin!).toBe(4);
      expect(await store.countRecords()).toBe(5);
    });

    it("finds candidates within the radius, and beyond it only with a phone or domain agreement", async () => {
      await importRows(store, "mine", [cafe, pizza, farSamePhone, farOther, noCoordinates]);
      const [plain, withPhone, withDomain, elsewhere] = await store.candidatesNear([
        near(LAT, LON),
        near(LAT, LON, { phone: "+12125550100" }),
        near(LAT, LON, { domain: "joescafe.com" }),
        near(LAT + 1, LON),
      ]);
      const ids = async (list: typeof plain) =>
        [...(await store.getRecords(list!.map((c) => c.pk))).values()].map((r) => r.id).sort();
      expect(await ids(plain)).toEqual(["c1", "p1"]);
      expect(await ids(withPhone)).toEqual(["c1", "f1", "p1"]);
      expect(await ids(withDomain)).toEqual(["c1", "p1"]);
      expect(elsewhere).toEqual([]);
      const c = plain!.find((x) => x.nameKey === "joes cafe")!;
      expect(c).toMatchObject({ phones: ["+12125550100"], domain: "joescafe.com", house: "1500" });
      // Exactly the stored coordinates (distances are computed from them).
      expect([c.latitude, c.longitude]).toEqual([cafe.record.latitude, cafe.record.longitude]);
      // The columns only the top candidates need: read by completeCandidates if left out.
      await store.completeCandidates([...plain!, ...withPhone!]);
      expect(c).toMatchObject({
        streetKey: "broadway",
        postcode: "10036",
        cityKey: "new york",
        category: "coffee_shop",
      });
      for (const x of [...plain!, ...withPhone!]) expect(x.partial ?? false).toBe(false);
      const p = withPhone!.find((x) => x.nameKey === "pizza palace")!;
      expect(p).toMatchObject({ house: null, streetKey: null, postcode: null, category: null });
      await store.completeCandidates([]);
    });

    it("answers a batch of near queries in one call, in query order", async () => {
      await importRows(store, "mine", [cafe, pizza, farOther]);
      const queries = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? near(LAT, LON) : near(-LAT, LON)));
      const lists = await store.candidatesNear(queries);
      expect(lists).toHaveLength(50);
      expect(lists.map((list) => list.length)).toEqual(queries.map((_, i) => (i % 2 === 0 ? 2 : 0)));
    });

    it("finds candidates by name tokens, the best-ranked up to the limit, records without coordinates included", async () => {
      await importRows(store, "mine", [cafe, pizza, farSamePhone, farOther, noCoordinates]);
      const [joes, best, lumiere, none, limited] = await store.candidatesByName([
        { tokens: ["joes", "annex"], limit: 5 },
        { tokens: ["joes", "annex"], limit: 1 },
        { tokens: ["lumiere"], limit: 5 },
        { tokens: [], limit: 5 },
        { tokens: ["cafe"], limit: 2 },
      ]);
      expect(joes!.map((c) => c.nameKey).sort()).toEqual(["joes cafe", "joes cafe annex"]);
      // The limit keeps the best-ranked: the name with both tokens.
      expect(best!.map((c) => c.nameKey)).toEqual(["joes cafe annex"]);
      expect(lumiere!.map((c) => c.nameKey)).toEqual(["cafe lumiere"]);
      expect(lumiere![0]!.latitude).toBeNull();
      expect(none).toEqual([]);
      expect(limited).toHaveLength(2);
    });

    it("finds a chain's branch beyond the name limit by the query's postcode or city, in one batch", async () => {
      // 45 branches of one name in 5 cities, each its own ZIP code: the name ranking alone returns an
      // arbitrary 30 of them (a new-user trial: Subway at a given address never matched).
      const cities = ["Pittsburgh", "Toronto", "Edinburgh", "Boston", "Denver"];
      const branches = Array.from({ length: 45 }, (_, i) =>
        row({
          id: `s${i}`,
          name: "Subway",
          latitude: i % 3 === 0 ? null : 40 + i * 0.01,
          longitude: i % 3 === 0 ? null : -80 + i * 0.01,
          streetLine: `${100 + i} Main Street`,
          city: cities[i % cities.length]!,
          postcode: String(15_000 + i),
          country: "US",
        }),
      );
      await importRows(store, "chain", [...branches, cafe, pizza]);
      const ids = async (list: readonly { pk: number }[]) =>
        [...(await store.getRecords(list.map((c) => c.pk))).values()].map((r) => r.id);
      const atBranch = (i: number, extra: Partial<NameQuery> = {}): NameQuery => {
        const k = branches[i]!.keys;
        return {
          tokens: ["subway"],
          limit: 30,
          postcode: k.postcode,
          cityKey: k.cityKey,
          house: k.house,
          streetKey: k.streetKey,
          addressLimit: 30,
          ...extra,
        };
      };
      const lists = await store.candidatesByName([
        ...branches.map((_, i) => atBranch(i)),
        // By postcode alone, by city alone.
        atBranch(7, { cityKey: null }),
        atBranch(8, { postcode: null, house: null, streetKey: null }),
        // The city's branches beyond addressLimit: the one agreeing on postcode, street and house first.
        atBranch(40, { limit: 5, addressLimit: 3 }),
        // A postcode and city found nowhere; no address; an address limit of 0: the name ranking alone.
        atBranch(0, { postcode: "99999", cityKey: "springfield" }),
        { tokens: ["subway"], limit: 30 },
        atBranch(1, { addressLimit: 0 }),
      ]);
      expect(lists).toHaveLength(51);
      for (const [i, list] of lists.slice(0, 45).entries()) {
        expect(await ids(list), `branch s${i}`).toContain(`s${i}`);
        expect(new Set(list.map((c) => c.pk)).size).toBe(list.length);
        // Those beside the name-ranked 30 are marked, and share the postcode or the city.
        const extra = list.filter((c) => c.byAddress);
        expect(list.length - extra.length).toBe(30);
        expect(extra.length).toBeLessThanOrEqual(30);
        const k = branches[i]!.keys;
        for (const c of extra) expect(c.postcode === k.postcode || c.cityKey === k.cityKey).toBe(true);
      }
      const [byPostcode, byCity, limited, nowhere, plain, noAddress] = lists.slice(45);
      expect(await ids(byPostcode!)).toContain("s7");
      expect(byPostcode!.length).toBeLessThanOrEqual(31);
      // Boston's 9 branches (s3, s8, ...) are all there beside the best-ranked 30.
      const boston = branches.flatMap((_, i) => (i % 5 === 3 ? [`s${i}`] : []));
      expect(await ids(byCity!)).toEqual(expect.arrayContaining(boston));
      expect(limited!.length).toBeLessThanOrEqual(8);
      expect(await ids(limited!)).toContain("s40");
      expect(limited!.filter((c) => c.cityKey === "pittsburgh").length).toBeGreaterThanOrEqual(3);
      for (const list of [nowhere, plain, noAddress]) {
        expect(list).toHaveLength(30);
        for (const c of list!) expect([c.nameKey, c.byAddress ?? false]).toEqual(["subway", false]);
      }
    });

    it("finds same-name neighbours: records within the radius having any of the tokens", async () => {
      // ~890 m north: beyond a near query, inside 1,000 m.
      const farAnnex = row({ id: "f3", name: "Joe's Annex", latitude: LAT + 0.008, longitude: LON });
      const tooFar = row({ id: "f4", name: "Joes Diner", latitude: LAT + 0.02, longitude: LON });
      await importRows(store, "mine", [cafe, pizza, farSamePhone, farOther, noCoordinates, farAnnex, tooFar]);
      const q = (tokens: string[], radiusM = 1000) => ({ latitude: LAT, longitude: LON, radiusM, tokens });
      const [joes, annex, none, narrow, bad, nowhere] = await store.candidatesNamedNear([
        q(["joes"]),
        q(["annex", "zzz"]),
        q([]),
        q(["joes"], 200),
        q(["no-such'token"]),
        { latitude: -LAT, longitude: LON, radiusM: 1000, tokens: ["joes"] },
      ]);
      expect(joes!.map((c) => c.nameKey).sort()).toEqual(["joes annex", "joes cafe", "joes cafe annex"]);
      expect(annex!.map((c) => c.nameKey).sort()).toEqual(["joes annex", "joes cafe annex"]);
      expect(none).toEqual([]);
      expect(narrow!.map((c) => c.nameKey)).toEqual(["joes cafe"]);
      expect(bad).toEqual([]);
      expect(nowhere).toEqual([]);
      expect(await store.candidatesNamedNear([q([])])).toEqual([[]]);
    });

    it("finds candidates by phone wherever they are, except numbers shared by many records", async () => {
      const central = Array.from({ length: 21 }, (_, i) =>
        row({
          id: `chain${i}`,
          name: `Chain ${i}`,
          latitude: LAT - 1 + i * 0.01,
          longitude: LON,
          phones: ["+18005550199"],
        }),
      );
      await importRows(store, "mine", [cafe, farSamePhone, noCoordinates, ...central]);
      await importRows(store, "other", [
        row({
          id: "o1",
          name: "Joe's Elsewhere",
          latitude: 0,
          longitude: 0,
          phones: ["+12125550100", "+12125550111"],
        }),
      ]);
      const [joes, chain, none, two] = await store.candidatesByPhone([
        ["+12125550100"],
        ["+18005550199"],
        [],
        ["+12125550111", "+12125550100"],
      ]);
      expect(joes!.map((c) => c.nameKey).sort()).toEqual(["joes cafe", "joes cafe annex", "joes elsewhere"]);
      expect(chain).toEqual([]);
      expect(none).toEqual([]);
      expect(two!.map((c) => c.nameKey).sort()).toEqual(["joes cafe", "joes cafe annex", "joes elsewhere"]);
      await store.removeSource("other");
      expect((await store.candidatesByPhone([["+12125550111"]]))[0]).toEqual([]);
    });

    it("returns full records with their source and format", async () => {
      await importRows(store, "mine", [cafe]);
      const c = (await store.candidatesNear([near(LAT, LON)]))[0]![0]!;
      const records = await store.getRecords([c.pk, c.pk, 999_999]);
      expect([...records.keys()]).toEqual([c.pk]);
      expect(records.get(c.pk)).toMatchObject({
        pk: c.pk,
        source: "mine",
        format: "jsonl",
        id: "c1",
        name: "Joe's Café",
        phones: ["+12125550100"],
        websites: ["https://joescafe.com/times-square"],
        address: {
          house: "1500",
          street: "Broadway",
          city: "New York",
          state: "NY",
          postalCode: "10036-4001",
          country: "US",
        },
        original: { id: "c1" },
      });
    });

    it("re-importing a source replaces its records; other sources stay", async () => {
      await importRows(store, "a", [cafe, pizza]);
      await importRows(store, "b", [farOther]);
      await importRows(store, "a", [row({ id: "c2", name: "New Cafe", latitude: LAT, longitude: LON })]);
      expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([
        ["a", 1],
        ["b", 1],
      ]);
      const [list] = await store.candidatesNear([near(LAT, LON, { radiusM: 500 })]);
      expect(list!.map((c) => c.nameKey).sort()).toEqual(["bagel barn", "new cafe"]);
      expect(await store.candidatesByName([{ tokens: ["joes"], limit: 5 }])).toEqual([[]]);
    });

    it("numbers records above every pk given before: a pk read before a re-import or removal never names another record", async () => {
      const pksNear = async () =>
        (await store.candidatesNear([near(LAT, LON, { radiusM: 500 })]))[0]!.map((c) => c.pk);
      await importRows(store, "b", [farOther]);
      await importRows(store, "a", [cafe, pizza]);
      const before = await pksNear();
      expect(before).toHaveLength(3);
      // Break-it trial: a re-import of the source holding the highest pks, between a matcher's
      // candidate query and its document read.
      await importRows(store, "a", [
        row({ id: "c2", name: "New Cafe", latitude: LAT, longitude: LON }),
        row({ id: "c3", name: "Other Cafe", latitude: LAT, longitude: LON }),
      ]);
      const reimported = await pksNear();
      expect(Math.min(...reimported.filter((pk) => !before.includes(pk)))).toBeGreaterThan(
        Math.max(...before),
      );
      expect([...(await store.getRecords(before)).values()].map((r) => r.id)).toEqual(["f2"]);
      // The same after removing it and importing another.
      await store.removeSource("a");
      await importRows(store, "c", [row({ id: "x1", name: "Xylo Bar", latitude: LAT, longitude: LON })]);
      const [x1] = (await pksNear()).filter((pk) => !before.includes(pk));
      expect(x1).toBeGreaterThan(Math.max(...reimported));
      expect([...(await store.getRecords(reimported)).values()].map((r) => r.id)).toEqual(["f2"]);
    });

    it("tells when a source was last imported or removed", async () => {
      expect(await store.changedAt()).toBe(0);
      await importRows(store, "a", [cafe]);
      expect(await store.changedAt()).toBe(1_700_000_000_000);
      expect(await store.removeSource("nope", 1_800_000_000_000)).toBe(false);
      expect(await store.changedAt()).toBe(1_700_000_000_000);
      expect(await store.removeSource("a", 1_800_000_000_000)).toBe(true);
      expect(await store.changedAt()).toBe(1_800_000_000_000);
      // A long import: the change is when it commits.
      const job = await store.beginImport({ name: "b", format: "jsonl", file: null, now: 1_900_000_000_000 });
      await job.add([pizza]);
      await job.commit(new Map(), 1_900_000_060_000);
      expect(await store.changedAt()).toBe(1_900_000_060_000);
    });

    it("an aborted import leaves the source as it was", async () => {
      await importRows(store, "a", [cafe]);
      const job = await store.beginImport({ name: "a", format: "jsonl", file: null, now: 2 });
      await job.add([pizza]);
      await job.abort();
      expect((await store.listSources())[0]).toMatchObject({ name: "a", records: 1, file: "a.jsonl" });
      expect((await store.candidatesNear([near(LAT, LON)]))[0]!.map((c) => c.nameKey)).toEqual(["joes cafe"]);
    });

    it("takes rows already encoded column by column, over several calls, each row once within the source's pk range", async () => {
      const many = Array.from({ length: 150 }, (_, i) =>
        row({ id: `m${i}`, name: `Place ${i}`, latitude: LAT + (i % 10) * 0.0001, longitude: LON }),
      );
      const job = await store.beginImport({ name: "m", format: "jsonl", file: null, now: 1 });
      await job.add(stageRows(many.slice(0, 70)));
      await job.add(many.slice(70, 71));
      await job.add(stageRows(many.slice(71)));
      expect(await job.commit(new Map())).toBe(150);
      const [src] = await store.listSources();
      expect(src).toMatchObject({ records: 150 });
      const pks = Array.from({ length: 150 }, (_, i) => src!.pkMin! + i);
      expect(src!.pkMax).toBe(pks[149]);
      const records = await store.getRecords(pks);
      expect([...records.values()].map((r) => r.id).sort()).toEqual(many.map((r) => r.record.id).sort());
      expect(records.get(pks[0]!)).toMatchObject({ source: "m", format: "jsonl", altNames: [], emails: [] });
    });

    it("readers see the previous records while a re-import is staged, and all the new ones at once after its commit", async () => {
      await importRows(store, "a", [cafe, pizza]);
      const reader = sut.openReader();
      try {
        const names = async () =>
          (await reader.candidatesNear([near(LAT, LON, { radiusM: 500 })]))[0]!.map((c) => c.nameKey).sort();
        expect(await names()).toEqual(["joes cafe", "pizza palace"]);
        const job = await store.beginImport({ name: "a", format: "jsonl", file: "a2.jsonl", now: 3 });
        await job.add([row({ id: "c2", name: "New Cafe", latitude: LAT, longitude: LON })]);
        expect(await names()).toEqual(["joes cafe", "pizza palace"]);
        await job.add([row({ id: "c3", name: "Newer Cafe", latitude: LAT, longitude: LON })]);
        expect(await names()).toEqual(["joes cafe", "pizza palace"]);
        expect((await reader.listSources())[0]).toMatchObject({ records: 2, file: "a.jsonl" });
        expect(await job.commit(new Map())).toBe(2);
        expect(await names()).toEqual(["new cafe", "newer cafe"]);
        expect((await reader.listSources())[0]).toMatchObject({ records: 2, file: "a2.jsonl" });
        const pks = (await reader.candidatesNear([near(LAT, LON)]))[0]!.map((c) => c.pk);
        expect([...(await reader.getRecords(pks)).values()].map((r) => r.id).sort()).toEqual(["c2", "c3"]);
      } finally {
        await reader.close();
      }
    });

    it("removes a source with its indexes; an unknown source is reported", async () => {
      await importRows(store, "a", [cafe, noCoordinates]);
      await importRows(store, "b", [pizza]);
      expect(await store.removeSource("a")).toBe(true);
      expect(await store.removeSource("a")).toBe(false);
      expect((await store.listSources()).map((s) => s.name)).toEqual(["b"]);
      expect((await store.candidatesNear([near(LAT, LON)]))[0]!.map((c) => c.nameKey)).toEqual([
        "pizza palace",
      ]);
      expect(await store.candidatesByName([{ tokens: ["cafe", "lumiere"], limit: 5 }])).toEqual([[]]);
    });

    it("keeps token frequencies per source and sums them", async () => {
      await importRows(
        store,
        "a",
        [cafe],
        new Map([
          ["cafe", 5],
          ["joes", 1],
        ]),
      );
      await importRows(
        store,
        "b",
        [pizza],
        new Map([
          ["cafe", 3],
          ["pizza", 4],
        ]),
      );
      const tf = await store.tokenFrequencies();
      expect(tf.total).toBe(2);
      expect(Object.fromEntries(tf.df)).toEqual({ cafe: 8, pizza: 4 });
    });

    it("rejects invalid source names", async () => {
      await expect(
        store.beginImport({ name: "Bad Name", format: "csv", file: null, now: 0 }),
      ).rejects.toMatchObject({
        code: "invalid_source_name",
      });
    });
  });
}
