/** The ReferenceStore contract on PostgreSQL (a fresh schema per test). */
import { PostgresReferenceStore } from "../../src/reference/store/postgres/postgres-reference-store.js";
import { createTestSchema } from "../support/postgres.js";
import { describeReferenceStoreContract } from "./reference-store-contract.js";

describeReferenceStoreContract("postgres", async () => {
  const db = await createTestSchema();
  const store = new PostgresReferenceStore(db.url);
  return {
    store,
    openReader: () => new PostgresReferenceStore(db.url),
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});
