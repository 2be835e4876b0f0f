/**
 * The search provider port (issue 11, part 1): one web search, its results as plain data. Website
 * discovery (src/web/discovery/) asks it for the place's name and location and verifies what it
 * finds; providers only speak their API. A provider rejects with SearchError (search-error.ts),
 * never with a raw network error, and answers an empty list only when the engine found nothing.
 *
 * Implementations: searxng-provider.ts (SearXNG's JSON API, self-hosted), brave-provider.ts (Brave
 * Search API). Another API fits in a file of the same size when it answers a query with ranked
 * URLs, titles and snippets over HTTP: Google's Programmable Search JSON API (`items[].link`,
 * `title`, `snippet`), Mojeek's API, Kagi's search API, Yandex Search API, a self-hosted Whoogle.
 */

/** One search result, in the engine's order. */
export interface SearchResult {
  /** An absolute http(s) URL as the engine gave it. */
  url: string;
  title: string;
  /** The snippet (may be empty). */
  content: string;
  /** The upstream engine that found it (SearXNG: "google", "duckduckgo", ...), or the provider's name. */
  engine: string;
  /** The engine's own score when it gives one (SearXNG); null otherwise. Not comparable across providers. */
  score: number | null;
}

export interface SearchRequest {
  query: string;
  /** Aborts the request (the job's time limit). The provider then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SearchProvider {
  /** For reasonings and metadata: "searxng", "brave". */
  readonly name: string;
  /** The results of one query. Rejects with SearchError, or the signal's reason when it aborts. */
  search(request: SearchRequest): Promise<SearchResult[]>;
  /** Releases connections. */
  close(): Promise<void>;
}
