/*
 * The SQLite backend: one database file, shared safely by many processes.
 * This file is what the backend is (opening, closing, transactions, backup)
 * and assembles the store's vtable from the entity files' tables; see
 * sqlite_internal.h for the style they share.
 *
 * - WAL journal, so readers never block the writer and a crash (even
 *   SIGKILL mid-write) leaves either the whole transaction or none of it;
 *   synchronous=FULL, so a write reported as done survives a power cut too.
 * - A busy timeout plus BEGIN IMMEDIATE for every write transaction: a
 *   writer takes the lock before it reads, so two writers queue instead of
 *   both holding a read snapshot and deadlocking on the upgrade ("database
 *   is locked").
 * - foreign_keys=ON on every connection (SQLite's default is off).
 * - Every statement is prepared once per connection and bound; no value is
 *   ever formatted into SQL text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_internal.h"

static const char begin_read_sql[] = "BEGIN DEFERRED";
static const char begin_write_sql[] = "BEGIN IMMEDIATE";
static const char commit_sql[] = "COMMIT";
static const char rollback_sql[] = "ROLLBACK";

/* ---- transactions ---------------------------------------------------- */

static clg_status sqlite_begin(void *impl, bool write, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, write ? begin_write_sql : begin_read_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = clg_sqlite_run(s, stmt, "begin", err);
    if (status == CLG_OK)
        s->in_transaction = true;
    return status;
}

static void sqlite_rollback(void *impl)
{
    clg_sqlite *s = impl;
    if (sqlite3_get_autocommit(s->db) == 0) {
        sqlite3_stmt *stmt = clg_sqlite_statement(s, rollback_sql, NULL);
        if (stmt)
            clg_sqlite_run(s, stmt, "rollback", NULL);
    }
    s->in_transaction = false;
}

static clg_status sqlite_commit(void *impl, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, commit_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = clg_sqlite_run(s, stmt, "commit", err);
    /* A COMMIT that failed may leave the transaction open: end it, keeping nothing. */
    if (status != CLG_OK)
        sqlite_rollback(s);
    s->in_transaction = false;
    return status;
}

/* ---- backup ---------------------------------------------------------- */

/* Creates path with mode 0600, refusing to replace an existing file. */
static clg_status create_private_file(const char *path, bool exclusive, clg_error *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : 0), 0600);
    if (fd < 0)
        return clg_error_set(err, errno == EEXIST ? CLG_ERR_INVALID : CLG_ERR_IO, path,
                             "cannot create: %s", strerror(errno));
    close(fd);
    return CLG_OK;
}

/* Makes what was written to path durable: the file's bytes, then its folder's entry. */
static clg_status sync_file_and_folder(const char *path, clg_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int saved = errno;
        if (fd >= 0)
            close(fd);
        return clg_error_set(err, CLG_ERR_IO, path, "cannot write the copy to disk: %s",
                             strerror(saved));
    }
    close(fd);
    char *folder = strdup(path);
    if (folder == NULL)
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    char *slash = strrchr(folder, '/');
    if (slash == folder)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    /* A bare file name is in the working folder (folder may be too short to hold "."). */
    const char *sync_folder = slash ? folder : ".";
    /* Some file systems cannot sync a folder; the file's own bytes are what matters most. */
    fd = open(sync_folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(folder);
    return CLG_OK;
}

/*
 * The online backup API copies a consistent snapshot page by page while
 * other processes keep writing (WAL readers do not block writers). The copy
 * goes to a fresh file of its own, named uniquely by mkstemp in the target's
 * folder (so it never touches a file it did not create, "FILE.partial"
 * included), is synced, and is then hard-linked under the final name:
 * link(2) fails when that name exists, so an existing file is never
 * replaced, with no window between a check and a rename. The temporary name
 * is removed whatever happens. A crash leaves at most a "FILE.tmp-XXXXXX".
 */
static clg_status sqlite_backup(void *impl, const char *path, clg_error *err)
{
    clg_sqlite *s = impl;
    /* Only for a clear answer before the copy is made; link() below is the guard. */
    if (access(path, F_OK) == 0)
        return clg_error_set(err, CLG_ERR_INVALID, path,
                             "already exists; choose a new file name (a backup never replaces "
                             "a file)");
    size_t length = strlen(path) + sizeof ".tmp-XXXXXX";
    char *temporary = malloc(length);
    if (temporary == NULL)
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    snprintf(temporary, length, "%s.tmp-XXXXXX", path);
    clg_status status = CLG_OK;
    sqlite3 *copy = NULL;
    bool created = false;
    int fd = mkstemp(temporary); /* mode 0600, O_EXCL: a name no one else has */
    if (fd < 0) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot create a file beside it: %s",
                               strerror(errno));
        goto out;
    }
    created = true;
    close(fd);
    if (sqlite3_open_v2(temporary, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot open: %s", sqlite3_errmsg(copy));
        goto out;
    }
    sqlite3_busy_timeout(copy, CLG_SQLITE_BUSY_TIMEOUT_MS);
    sqlite3_backup *backup = sqlite3_backup_init(copy, "main", s->db, "main");
    if (backup == NULL) {
        status =
            clg_error_set(err, CLG_ERR_IO, path, "cannot start backup: %s", sqlite3_errmsg(copy));
        goto out;
    }
    int rc;
    int waited_ms = 0;
    while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (waited_ms >= CLG_SQLITE_BUSY_TIMEOUT_MS)
            break;
        sqlite3_sleep(10);
        waited_ms += 10;
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_IO, path, "backup failed: %s", sqlite3_errstr(rc));
        goto out;
    }
    if (sqlite3_close(copy) != SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot close the copy");
        copy = NULL;
        goto out;
    }
    copy = NULL;
    if ((status = sync_file_and_folder(temporary, err)) != CLG_OK)
        goto out;
    if (link(temporary, path) != 0) {
        int saved = errno;
        if (saved == EEXIST)
            status = clg_error_set(err, CLG_ERR_INVALID, path,
                                   "already exists; choose a new file name (a backup never "
                                   "replaces a file)");
        else
            status = clg_error_set(err, CLG_ERR_IO, path,
                                   "cannot put the finished copy in place: %s", strerror(saved));
    } else
        status = sync_file_and_folder(path, err);
out:
    if (copy)
        sqlite3_close(copy);
    if (created)
        unlink(temporary);
    free(temporary);
    return status;
}

/* ---- opening and closing -------------------------------------------- */

static void sqlite_close(void *impl)
{
    clg_sqlite *s = impl;
    if (s == NULL)
        return;
    if (s->in_transaction)
        sqlite_rollback(s);
    clg_sqlite_statements_free(s);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* mkdir -p for the database's folder, private to the user (0700). */
static clg_status make_parent_folders(const char *path, clg_error *err)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    clg_status status = CLG_OK;
    for (char *slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            status = clg_error_set(err, CLG_ERR_IO, path, "cannot create folder %s: %s", copy,
                                   strerror(errno));
            break;
        }
        *slash = '/';
    }
    free(copy);
    return status;
}

/*
 * Switching a new file to WAL needs a moment of exclusive access, which the
 * busy handler does not always wait for; a concurrent first open retries.
 */
static clg_status enable_wal(clg_sqlite *s, clg_error *err)
{
    for (int attempt = 0;; attempt++) {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(stmt);
        bool wal = rc == SQLITE_ROW && sqlite3_stricmp(clg_sqlite_column_text(stmt, 0), "wal") == 0;
        sqlite3_finalize(stmt);
        if (wal)
            return CLG_OK;
        if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED && rc != SQLITE_ROW)
            return clg_sqlite_fail(s, "enable WAL", err);
        if (attempt * 10 >= CLG_SQLITE_BUSY_TIMEOUT_MS)
            return clg_error_set(err, CLG_ERR_IO, "database", "cannot enable WAL on %s", s->path);
        sqlite3_sleep(10);
    }
}

static const clg_store_ops sqlite_ops = {
    .backend = "sqlite",
    .close = sqlite_close,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .backup = sqlite_backup,
    .clinics = &clg_sqlite_clinic_ops,
    .clients = &clg_sqlite_client_ops,
    .protocols = &clg_sqlite_protocol_ops,
    .courses = &clg_sqlite_course_ops,
    .sessions = &clg_sqlite_session_ops,
    .bookings = &clg_sqlite_booking_ops,
    .accounts = &clg_sqlite_account_ops,
    .feeds = &clg_sqlite_feed_ops,
    .requests = &clg_sqlite_request_ops,
    .audit = &clg_sqlite_audit_ops,
    .diary = &clg_sqlite_diary_ops,
    .cds_clients = &clg_sqlite_cds_client_ops,
    .login_counts = &clg_sqlite_login_count_ops,
    .portals = &clg_sqlite_portal_ops,
    .messages = &clg_sqlite_message_ops,
};

clg_status clg_store_sqlite_schema(const char *path, clg_store_schema *schema, clg_error *err)
{
    *schema = (clg_store_schema){.latest = clg_sqlite_schema_latest()};
    if (access(path, F_OK) != 0) {
        schema->pending = schema->latest; /* a new file: every migration */
        return CLG_OK;
    }
    clg_sqlite s = {.path = (char *)path};
    clg_status status = CLG_OK;
    if (sqlite3_open_v2(path, &s.db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot open database: %s",
                               s.db ? sqlite3_errmsg(s.db) : "out of memory");
    } else {
        sqlite3_busy_timeout(s.db, CLG_SQLITE_BUSY_TIMEOUT_MS);
        schema->version = clg_sqlite_schema_version(&s, err);
        if (schema->version < 0)
            status = CLG_ERR_IO;
        else if (schema->version < schema->latest)
            schema->pending = schema->latest - schema->version;
    }
    clg_sqlite_statements_free(&s);
    sqlite3_close(s.db);
    return status;
}

clg_status clg_store_sqlite_open(const char *path, clg_store **out, clg_error *err)
{
    *out = NULL;
    clg_status status = make_parent_folders(path, err);
    if (status != CLG_OK)
        return status;
    /*
     * Created here with 0600 so that SQLite's -wal and -shm files inherit it.
     * Only when missing (O_EXCL): opening and closing an existing database
     * file would drop every POSIX lock this process's other connections hold
     * on it (the server opens one per thread), and another process could then
     * delete the WAL under them.
     */
    status = create_private_file(path, true, err);
    if (status == CLG_ERR_INVALID && access(path, F_OK) == 0)
        status = CLG_OK;
    if (status != CLG_OK)
        return status;

    clg_sqlite *s = calloc(1, sizeof *s);
    clg_store *store = calloc(1, sizeof *store);
    if (s == NULL || store == NULL || (s->path = strdup(path)) == NULL) {
        free(s);
        free(store);
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    }
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot open database: %s",
                               s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, CLG_SQLITE_BUSY_TIMEOUT_MS);
    status = clg_sqlite_exec(s, "PRAGMA foreign_keys = ON", "configure", err);
    if (status == CLG_OK)
        status = enable_wal(s, err);
    if (status == CLG_OK)
        status = clg_sqlite_exec(s, "PRAGMA synchronous = FULL", "configure", err);
    if (status == CLG_OK)
        status = clg_sqlite_migrate(s, err);
    if (status != CLG_OK)
        goto fail;
    store->ops = &sqlite_ops;
    store->impl = s;
    *out = store;
    return CLG_OK;
fail:
    sqlite_close(s);
    free(store);
    return status;
}
