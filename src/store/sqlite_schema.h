/* The SQLite schema migrations, numbered from 1; see sqlite_schema.c. */
#ifndef CLG_STORE_SQLITE_SCHEMA_H
#define CLG_STORE_SQLITE_SCHEMA_H

/* The number of migrations this build knows: the schema version it writes. */
int clg_sqlite_migration_count(void);

/* The SQL of migration version (1 .. count). */
const char *clg_sqlite_migration(int version);

#endif
