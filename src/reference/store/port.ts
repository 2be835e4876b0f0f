/**
 * The reference store: imported POI records and the indexes the matcher queries, in the same database
 * as the job store (DATABASE_URL: a SQLite file or a PostgreSQL schema), in tables of its own with
 * their own numbered migrations. Two implementations (sqlite/, postgres/) pass one contract suite
 * (test/reference/reference-store-contract.ts).
 *
 * Writers: the import CLI (one process). Readers: the reference evidence source in every enrichment
 * thread, each with its own read connection. Every read is batch-first: one call per claimed chunk of
 * jobs, never one per job.
 */
import type { MatchKeys } from "../match/match-keys.js";
import type { ReferenceFormat, ReferenceRecord, StoredReferenceRecord } from "../record.js";
import type { StagedRows } from "./row-columns.js";

export interface ReferenceSourceInfo {
  name: string;
  format: ReferenceFormat;
  /** The file it was imported from, as given. */
  file: string | null;
  records: number;
  importedAt: number;
  /** The pk range its records occupy (null when it has none). */
  pkMin: number | null;
  pkMax: number | null;
}

/** A record with its match keys, ready to store. */
export interface ReferenceRow {
  record: ReferenceRecord;
  keys: MatchKeys;
}

/**
 * The light columns every candidate is scored with (the first, cheap pass); the full record is read
 * only for the few candidates that pass (getRecords).
 */
export interface ReferenceCandidate {
  pk: number;
  latitude: number | null;
  longitude: number | null;
  nameKey: string;
  /** E.164 numbers. */
  phones: string[];
  domain: string | null;
  house: string | null;
  streetKey: string | null;
  postcode: string | null;
  cityKey: string | null;
  category: string | null;
  /**
   * True when streetKey, postcode, cityKey and category are not read yet (null until
   * `completeCandidates` fills them): only the top K candidates of a job need them.
   */
  partial?: boolean;
  /**
   * True when a name search returned it for the query's postcode or city only, not among the
   * name-ranked `limit` (NameQuery).
   */
  byAddress?: boolean;
}

/**
 * Candidates around a point: every record within `radiusM`, plus those within `wideRadiusM` that share
 * the phone or the website domain (a wider radius is only worth its cost with such an agreement).
 */
export interface NearQuery {
  latitude: number;
  longitude: number;
  radiusM: number;
  wideRadiusM: number;
  phone: string | null;
  domain: string | null;
}

/**
 * Candidates by name: the `limit` best-ranked records whose name has any of `tokens` (the rarest few).
 * A name on more records than that (a chain: Subway, Starbucks) would leave its branch at the job's
 * address out by chance, so a query giving the job's `postcode` and/or `cityKey` also gets, up to
 * `addressLimit` more, the records with any of the tokens that share its postcode or city; those
 * agreeing on the postcode, the street and the house number first. Without them (or with
 * `addressLimit` 0 or absent) the query is the name ranking alone.
 */
export interface NameQuery {
  tokens: string[];
  limit: number;
  postcode?: string | null;
  cityKey?: string | null;
  /** Rank the address candidates only (they must share the postcode or the city). */
  house?: string | null;
  streetKey?: string | null;
  addressLimit?: number;
}

/**
 * Same-name neighbours: records within `radiusM` (wider than a near query's: 1,000 m) whose name has
 * any of `tokens` — a job's rare words. What a near query misses when the reference's coordinates are
 * a few hundred metres off (Geo-ER train: 88–98 % of true pairs within 200 m, 99.4–100 % within 1 km).
 */
export interface NamedNearQuery {
  latitude: number;
  longitude: number;
  radiusM: number;
  tokens: string[];
}

export interface TokenFrequencies {
  /** Records in every source. */
  total: number;
  /** Records whose name has the token (tokens in fewer than MIN_STORED_DF records are absent). */
  df: Map<string, number>;
}

/** A phone number on more records than this identifies no one place. */
export const MAX_PHONE_SHARING = 20;

/** Tokens rarer than this are not stored: the matcher treats an absent token as rare (df = 1). */
export const MIN_STORED_DF = 3;

/**
 * An import in progress: rows go to a staging area; commit swaps them in for the source at once.
 * Readers (running services) keep seeing the source's previous records until commit, and the new
 * ones right after it — never a mix, never none.
 */
export interface ReferenceImport {
  /** Rows as records (encoded here) or already encoded column by column (import threads do that). */
  add(rows: readonly ReferenceRow[] | StagedRows): Promise<void>;
  /**
   * Replaces the source's records with the staged ones in one transaction; returns the count.
   * `committedAt` (ms; default: the import's `now`) becomes changedAt(): results cached while the
   * old records were still read (a long import) are older than it.
   */
  commit(tokenCounts: ReadonlyMap<string, number>, committedAt?: number): Promise<number>;
  /** Drops the staged rows; the source keeps what it had. */
  abort(): Promise<void>;
}

export interface ReferenceStore {
  readonly kind: "sqlite" | "postgres";
  /** Creates or upgrades the reference tables (idempotent; safe from several processes). */
  migrate(): Promise<void>;
  beginImport(source: {
    name: string;
    format: ReferenceFormat;
    file: string | null;
    now: number;
  }): Promise<ReferenceImport>;
  listSources(): Promise<ReferenceSourceInfo[]>;
  /** Deletes a source's records; false when there was no such source. */
  removeSource(name: string, now?: number): Promise<boolean>;
  /**
   * When a source was last imported (its `now`) or removed (ms since the epoch; 0: never): results
   * cached before it may rest on records that are gone or changed.
   */
  changedAt(): Promise<number>;
  /**
   * One list per query, in query order (each without duplicates, in no particular order). The
   * candidates may be partial (completeCandidates): a dense centre gives ~300 per job.
   */
  candidatesNear(queries: readonly NearQuery[]): Promise<ReferenceCandidate[][]>;
  /**
   * One list per query, without duplicates, in no particular order: the `limit` best name-ranked
   * records (BM25 / ts_rank), plus those of the query's postcode or city (NameQuery).
   */
  candidatesByName(queries: readonly NameQuery[]): Promise<ReferenceCandidate[][]>;
  /** One list per query: the records within the radius whose name has any of the tokens (no limit). */
  candidatesNamedNear(queries: readonly NamedNearQuery[]): Promise<ReferenceCandidate[][]>;
  /**
   * One list per query: the records having any of the query's phones (E.164), wherever they are.
   * A number shared by more than MAX_PHONE_SHARING records (a chain's central line) finds nothing.
   */
  candidatesByPhone(queries: readonly (readonly string[])[]): Promise<ReferenceCandidate[][]>;
  /**
   * Fills in place the columns `partial` candidates lack (see ReferenceCandidate.partial), for all of
   * them in one store query; the others are left as they are.
   */
  completeCandidates(candidates: readonly ReferenceCandidate[]): Promise<void>;
  /** Full records by pk (missing pks are absent from the map). */
  getRecords(pks: readonly number[]): Promise<Map<number, StoredReferenceRecord>>;
  tokenFrequencies(): Promise<TokenFrequencies>;
  /** Records in every source (0 when nothing is imported). */
  countRecords(): Promise<number>;
  close(): Promise<void>;
}

export class ReferenceStoreError extends Error {
  constructor(
    readonly code: "unknown_source" | "invalid_source_name",
    message: string,
  ) {
    super(message);
  }
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** Source names: lower-case letters, digits, `_`, `.`, `-`; at most 63 characters. */
export function checkSourceName(name: string): string {
  if (!SOURCE_NAME.test(name)) {
    throw new ReferenceStoreError(
      "invalid_source_name",
      `invalid source name "${name}": use lower-case letters, digits, "_", "." or "-" (at most 63 characters)`,
    );
  }
  return name;
}
