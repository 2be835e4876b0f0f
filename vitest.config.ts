import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "dashboard/src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // The suite never reaches the internet: services it starts (and their children) do not fetch
    // websites unless a test turns it on against the loopback fixture server.
    // Nor do they search: SEARCH_URL set in a developer's shell would also make every process refuse
    // to start without WEB_FETCHING=on.
    env: { WEB_FETCHING: "off", SEARCH_URL: "" },
  },
});
