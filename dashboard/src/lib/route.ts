/** The page shown, from the location's hash: `#/` batches, `#/new` upload, `#/batches/<id>` one batch. */
import { useEffect, useState } from "preact/hooks";

export type Route = { page: "batches" } | { page: "upload" } | { page: "batch"; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  if (path === "/new") return { page: "upload" };
  const batch = /^\/batches\/([^/?#]+)$/.exec(path);
  if (batch) return { page: "batch", id: decodeURIComponent(batch[1]!) };
  return { page: "batches" };
}

export function batchHref(id: string): string {
  return `#/batches/${encodeURIComponent(id)}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
