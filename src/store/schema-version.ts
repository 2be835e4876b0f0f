/**
 * A database migrated by a newer version of the service is refused, not used: this version would
 * misread what it does not know (since SQLite migration 11, for instance, a completed job's result is
 * stored as its rendered view, which earlier versions show as empty outputs). Both stores check the
 * versions recorded in `schema_migrations` against the migrations they carry before migrating.
 */
export class SchemaTooNewError extends Error {
  readonly code = "schema_too_new";

  constructor(
    readonly unknownVersions: number[],
    readonly knownUpTo: number,
  ) {
    super(
      `The database was migrated by a newer version of place-enrich (schema migration ${unknownVersions.join(", ")}; ` +
        `this version knows migrations up to ${knownUpTo}). Run the newer version, or restore a backup taken before the upgrade.`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** Throws SchemaTooNewError when `applied` holds a version none of `migrations` has. */
export function assertKnownSchema(
  applied: Iterable<number>,
  migrations: ReadonlyArray<{ version: number }>,
): void {
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) throw new SchemaTooNewError(unknown, Math.max(0, ...known));
}
