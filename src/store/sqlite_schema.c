/*
 * The SQLite schema as an ordered list of migrations.
 *
 * A migration is applied once, in order, inside the write transaction that
 * opens an older database, and recorded in schema_migrations. Migrations
 * add (tables, columns, indexes, triggers); a clinic's records are never
 * dropped, and rewritten only to bring a value older versions wrote into
 * today's format without changing what it says (migration 5). To change
 * the schema, append a migration; never edit one that has shipped.
 *
 * Dates are ISO 8601 text ("2027-01-04"), so they sort and compare as
 * dates and read as dates in the sqlite3 shell. Timestamps (when a row was
 * written: created_at, the audit log's at, applied_at) are UTC with
 * milliseconds, "2027-01-04T09:30:00.123Z", in every table, so that they
 * too sort as text in time order. Sets of words (areas, screening) are the
 * CLI's comma lists in the API's canonical order.
 */
#include "store/sqlite_internal.h"

static const char migration_1[] =
    "CREATE TABLE clinics ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),"
    "  created_at TEXT NOT NULL);"

    "CREATE TABLE clients ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  name TEXT NOT NULL CHECK (length(name) > 0),"
    "  email TEXT,"
    "  phone TEXT,"
    "  birth_date TEXT CHECK (birth_date IS NULL OR length(birth_date) = 10),"
    "  skin_type INTEGER CHECK (skin_type IS NULL OR skin_type BETWEEN 1 AND 6),"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX clients_by_clinic ON clients(clinic_id, id);"

    /* A course is always re-planned with the protocol it was started under. */
    "CREATE TABLE protocols ("
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  name TEXT NOT NULL,"
    "  version TEXT NOT NULL,"
    "  document TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY (clinic_id, name, version));"

    "CREATE TABLE courses ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  protocol_name TEXT NOT NULL,"
    "  protocol_version TEXT NOT NULL,"
    "  request TEXT NOT NULL,"
    "  plan TEXT NOT NULL,"
    "  start_date TEXT NOT NULL CHECK (length(start_date) = 10),"
    "  status TEXT NOT NULL"
    "    CHECK (status IN ('active', 'maintenance', 'completed', 'cancelled')),"
    /* Denormalised from the plan and the sessions so that `due` is one index range. */
    "  next_kind TEXT CHECK (next_kind IS NULL OR next_kind IN ('session', 'maintenance')),"
    "  next_date TEXT CHECK ((next_kind IS NULL) = (next_date IS NULL)),"
    "  forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),"
    "  force_reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  CHECK (forced = 0 OR length(force_reason) > 0),"
    "  FOREIGN KEY (clinic_id, protocol_name, protocol_version)"
    "    REFERENCES protocols(clinic_id, name, version));"
    "CREATE INDEX courses_due ON courses(clinic_id, next_date);"
    "CREATE INDEX courses_by_client ON courses(clinic_id, client_id, id);"

    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  course_id INTEGER NOT NULL REFERENCES courses(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  number INTEGER NOT NULL CHECK (number >= 1),"
    "  date TEXT NOT NULL CHECK (length(date) = 10),"
    "  modality TEXT NOT NULL CHECK (modality IN ('traditional', 'rf', 'roller')),"
    "  areas TEXT NOT NULL CHECK (length(areas) > 0),"
    "  depth_hundredths_mm INTEGER CHECK (depth_hundredths_mm IS NULL OR depth_hundredths_mm > 0),"
    "  device TEXT,"
    "  practitioner TEXT,"
    "  notes TEXT,"
    "  screening TEXT NOT NULL DEFAULT '',"
    "  laxity_grade_halves INTEGER"
    "    CHECK (laxity_grade_halves IS NULL OR laxity_grade_halves BETWEEN 0 AND 8),"
    "  gais INTEGER CHECK (gais IS NULL OR gais BETWEEN 1 AND 5),"
    "  early INTEGER NOT NULL DEFAULT 0 CHECK (early IN (0, 1)),"
    "  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),"
    "  forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),"
    "  force_reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  CHECK (forced = 0 OR length(force_reason) > 0),"
    "  UNIQUE (course_id, number));"
    "CREATE INDEX sessions_by_client ON sessions(clinic_id, client_id, date);"

    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER REFERENCES clinics(id),"
    "  at TEXT NOT NULL,"
    "  who TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  entity TEXT NOT NULL,"
    "  entity_id INTEGER,"
    "  before_json TEXT,"
    "  after_json TEXT,"
    "  reason TEXT);"
    "CREATE INDEX audit_by_entity ON audit_log(clinic_id, entity, entity_id);"
    /* Append-only, whoever writes to the file: the database itself refuses. */
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;";

/*
 * Staff accounts (the server). Passwords only as argon2id hashes, tokens
 * and login sessions only as SHA-256 hashes of the secret handed out.
 */
static const char migration_2[] =
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  email TEXT NOT NULL UNIQUE CHECK (length(email) > 0),"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),"
    "  password_hash TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),"
    "  label TEXT,"
    "  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE logins ("
    "  session_hash TEXT PRIMARY KEY CHECK (length(session_hash) = 64),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX logins_by_expiry ON logins(expires_at);";

/*
 * Calendar feeds: a client's secret, revocable subscription URL, kept only
 * as the SHA-256 of its token. At most one live feed per client.
 */
static const char migration_3[] =
    "CREATE TABLE feeds ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),"
    "  created_at TEXT NOT NULL,"
    "  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)));"
    "CREATE UNIQUE INDEX feeds_one_live ON feeds(clinic_id, client_id) WHERE revoked = 0;";

/*
 * The clinic's IANA time zone (NULL: UTC), in which booked times are local
 * times; and bookings: a session of a course booked for a day, maybe at a
 * time, before it is done. A booking is deleted when it is cancelled or
 * settled by a recorded session; the audit log keeps its history. Its
 * areas are the course's when booked, for the interval floor across the
 * client's courses.
 */
static const char migration_4[] =
    "ALTER TABLE clinics ADD COLUMN time_zone TEXT CHECK (time_zone IS NULL OR length(time_zone) > "
    "0);"
    "CREATE TABLE bookings ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  course_id INTEGER NOT NULL REFERENCES courses(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  date TEXT NOT NULL CHECK (length(date) = 10),"
    "  start_minute INTEGER CHECK (start_minute IS NULL OR start_minute BETWEEN 0 AND 1439),"
    "  areas TEXT NOT NULL CHECK (length(areas) > 0),"
    "  forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),"
    "  force_reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  CHECK (forced = 0 OR length(force_reason) > 0));"
    "CREATE INDEX bookings_by_course ON bookings(clinic_id, course_id, date);"
    "CREATE INDEX bookings_by_client ON bookings(clinic_id, client_id, date);";

/*
 * One timestamp format. Until this migration, users, tokens, logins,
 * bookings and feeds were stamped to the second ("...T09:30:00Z") while
 * every other table (and the append-only audit log, which cannot be
 * rewritten) had milliseconds ("...T09:30:00.123Z"); mixed, they do not
 * sort in time order ('Z' sorts after '.'). A stamp to the second becomes
 * the same instant with ".000". Every table with created_at is swept, so
 * that no stamp of the old form is left wherever it came from.
 */
#define TO_MILLISECONDS                                                                            \
    " SET created_at = substr(created_at, 1, 19) || '.000Z' WHERE created_at GLOB "                \
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z';"
static const char migration_5[] =
    "UPDATE clinics" TO_MILLISECONDS "UPDATE clients" TO_MILLISECONDS
    "UPDATE protocols" TO_MILLISECONDS "UPDATE courses" TO_MILLISECONDS
    "UPDATE sessions" TO_MILLISECONDS "UPDATE users" TO_MILLISECONDS
    "UPDATE api_tokens" TO_MILLISECONDS "UPDATE logins" TO_MILLISECONDS
    "UPDATE bookings" TO_MILLISECONDS "UPDATE feeds" TO_MILLISECONDS;
#undef TO_MILLISECONDS

/*
 * The course's life (docs/records.md#course-life): a course the clinic
 * closes is `completed` or `discontinued`. The status CHECK of migration 1
 * named the second `cancelled`, a word no version ever wrote; SQLite cannot
 * change a CHECK in place, so the table is rebuilt the documented way (a
 * new table, the rows copied, the old one dropped, the new one renamed,
 * its indexes made again) with foreign keys off while it happens
 * (clg_sqlite_migrate). A `cancelled` row, were there one, is copied as
 * `discontinued`: the same status under its new name.
 */
static const char migration_6[] =
    "CREATE TABLE courses_6 ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  protocol_name TEXT NOT NULL,"
    "  protocol_version TEXT NOT NULL,"
    "  request TEXT NOT NULL,"
    "  plan TEXT NOT NULL,"
    "  start_date TEXT NOT NULL CHECK (length(start_date) = 10),"
    "  status TEXT NOT NULL"
    "    CHECK (status IN ('active', 'maintenance', 'completed', 'discontinued')),"
    "  next_kind TEXT CHECK (next_kind IS NULL OR next_kind IN ('session', 'maintenance')),"
    "  next_date TEXT CHECK ((next_kind IS NULL) = (next_date IS NULL)),"
    "  forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),"
    "  force_reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  CHECK (forced = 0 OR length(force_reason) > 0),"
    /* A closed course has nothing next: it is not on the recall list. */
    "  CHECK (status NOT IN ('completed', 'discontinued') OR next_kind IS NULL),"
    "  FOREIGN KEY (clinic_id, protocol_name, protocol_version)"
    "    REFERENCES protocols(clinic_id, name, version));"
    "INSERT INTO courses_6 (id, clinic_id, client_id, protocol_name, protocol_version, request,"
    "  plan, start_date, status, next_kind, next_date, forced, force_reason, created_at)"
    "  SELECT id, clinic_id, client_id, protocol_name, protocol_version, request, plan,"
    "  start_date, CASE status WHEN 'cancelled' THEN 'discontinued' ELSE status END,"
    "  CASE WHEN status IN ('completed', 'cancelled') THEN NULL ELSE next_kind END,"
    "  CASE WHEN status IN ('completed', 'cancelled') THEN NULL ELSE next_date END,"
    "  forced, force_reason, created_at FROM courses;"
    "DROP TABLE courses;"
    "ALTER TABLE courses_6 RENAME TO courses;"
    "CREATE INDEX courses_due ON courses(clinic_id, next_date);"
    "CREATE INDEX courses_by_client ON courses(clinic_id, client_id, id);";

/*
 * Corrections (docs/records.md#corrections). A session entered in error is
 * voided, never deleted: it keeps its row, its number and its reason
 * (void_reason), and drops out of its course, whose later sessions move up
 * a number. So a session's number is unique among the course's live
 * sessions only, which a table constraint cannot say and SQLite cannot drop
 * one: the sessions table is rebuilt, every row copied as it is, with the
 * uniqueness as a partial index instead. A client merged into another stays
 * as a merged record naming the client it went to (merged_into). The indexes find a
 * client by e-mail (any case) or phone (digits and '+' only: the spaces,
 * dashes, dots and brackets people type vary), so that a new client whose
 * contact is already on file is noticed.
 */
static const char migration_7[] =
    "CREATE TABLE sessions_v7 ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  course_id INTEGER NOT NULL REFERENCES courses(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  number INTEGER NOT NULL CHECK (number >= 1),"
    "  date TEXT NOT NULL CHECK (length(date) = 10),"
    "  modality TEXT NOT NULL CHECK (modality IN ('traditional', 'rf', 'roller')),"
    "  areas TEXT NOT NULL CHECK (length(areas) > 0),"
    "  depth_hundredths_mm INTEGER CHECK (depth_hundredths_mm IS NULL OR depth_hundredths_mm > 0),"
    "  device TEXT,"
    "  practitioner TEXT,"
    "  notes TEXT,"
    "  screening TEXT NOT NULL DEFAULT '',"
    "  laxity_grade_halves INTEGER"
    "    CHECK (laxity_grade_halves IS NULL OR laxity_grade_halves BETWEEN 0 AND 8),"
    "  gais INTEGER CHECK (gais IS NULL OR gais BETWEEN 1 AND 5),"
    "  early INTEGER NOT NULL DEFAULT 0 CHECK (early IN (0, 1)),"
    "  late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),"
    "  forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),"
    "  force_reason TEXT,"
    "  created_at TEXT NOT NULL,"
    "  void_reason TEXT CHECK (void_reason IS NULL OR length(void_reason) > 0),"
    "  CHECK (forced = 0 OR length(force_reason) > 0));"
    "INSERT INTO sessions_v7 (id, clinic_id, course_id, client_id, number, date, modality, areas,"
    "  depth_hundredths_mm, device, practitioner, notes, screening, laxity_grade_halves, gais,"
    "  early, late, forced, force_reason, created_at)"
    "  SELECT id, clinic_id, course_id, client_id, number, date, modality, areas,"
    "  depth_hundredths_mm, device, practitioner, notes, screening, laxity_grade_halves, gais,"
    "  early, late, forced, force_reason, created_at FROM sessions;"
    "DROP TABLE sessions;"
    "ALTER TABLE sessions_v7 RENAME TO sessions;"
    "CREATE INDEX sessions_by_client ON sessions(clinic_id, client_id, date);"
    "CREATE UNIQUE INDEX sessions_live_number ON sessions(course_id, number)"
    "  WHERE void_reason IS NULL;"
    "ALTER TABLE clients ADD COLUMN merged_into INTEGER REFERENCES clients(id);"
    "CREATE INDEX clients_by_email ON clients(clinic_id, lower(email));"
    "CREATE INDEX clients_by_phone ON clients(clinic_id, " CLG_SQLITE_PHONE_KEY("phone") ");";

/*
 * The client's data (docs/records.md#the-clients-data): when a client was
 * erased (their identity replaced by a tombstone), and the client each
 * audit entry is about, so that `audit --client` finds entries about the
 * client's courses, sessions and bookings, deleted bookings included. The
 * log is append-only: entries written before this migration keep a NULL
 * client_id, and the reader attributes them through the record they name.
 * The reader's --since is a range of audit_by_time.
 */
static const char migration_8[] =
    "ALTER TABLE clients ADD COLUMN erased_at TEXT;"
    "ALTER TABLE audit_log ADD COLUMN client_id INTEGER REFERENCES clients(id);"
    "CREATE INDEX audit_by_time ON audit_log(clinic_id, at);";

/*
 * The clinic's settings (docs/records.md#clinic-settings): its address,
 * phone and e-mail (NULL: not given), open days (a bit per weekday, Monday
 * bit 0; 0: every day), opening hours as minutes after midnight (both NULL:
 * not set) and chairs, the sessions it can run at once (NULL: not set).
 */
static const char migration_9[] =
    "ALTER TABLE clinics ADD COLUMN address TEXT;"
    "ALTER TABLE clinics ADD COLUMN phone TEXT;"
    "ALTER TABLE clinics ADD COLUMN email TEXT;"
    "ALTER TABLE clinics ADD COLUMN open_days INTEGER NOT NULL DEFAULT 0"
    "  CHECK (open_days BETWEEN 0 AND 127);"
    "ALTER TABLE clinics ADD COLUMN opens INTEGER CHECK (opens BETWEEN 0 AND 1439);"
    "ALTER TABLE clinics ADD COLUMN closes INTEGER CHECK (closes BETWEEN 1 AND 1440);"
    "ALTER TABLE clinics ADD COLUMN chairs INTEGER CHECK (chairs > 0);";

/*
 * The bookings' life (docs/records.md#bookings): a booking
 * the client did not come to is kept, marked, and released; an attended
 * one is settled (deleted) by its session as before.
 */
static const char migration_10[] =
    "ALTER TABLE bookings ADD COLUMN status TEXT NOT NULL DEFAULT 'booked' "
    "CHECK (status IN ('booked', 'no-show'));";

/*
 * The diary (docs/records.md#diary): a clinic's bookings of a day or a
 * week in time order are one range of this index, however many bookings
 * the clinic holds; SQLite sorts NULL (all day) before any time.
 */
static const char migration_11[] =
    "CREATE INDEX bookings_by_day ON bookings(clinic_id, date, start_minute, id);";

/*
 * Staff management (docs/records.md#staff-accounts): a disabled user
 * (1) cannot log in and none of their tokens or sessions authenticates;
 * a bearer token may expire (Unix seconds, as a login's expiry; NULL:
 * never). A user's tokens and login sessions are found by user, to end
 * them all at once.
 */
static const char migration_12[] =
    "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));"
    "ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER"
    "  CHECK (expires_at IS NULL OR expires_at > 0);"
    "CREATE INDEX api_tokens_by_user ON api_tokens(user_id);"
    "CREATE INDEX logins_by_user ON logins(user_id);";

/*
 * CDS Hooks clients (docs/interop.md#cds-hooks): a registered issuer acts
 * for one clinic, with the public JWK Set its JWTs are signed with. The
 * issuer is unique across clinics, as a JWT names it before the clinic is
 * known. cds_token_ids holds each JWT id (jti) an issuer used until its
 * token expires (Unix seconds), so that no token is taken twice.
 */
static const char migration_13[] =
    "CREATE TABLE cds_clients ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  issuer TEXT NOT NULL UNIQUE CHECK (length(issuer) BETWEEN 1 AND 250),"
    "  keys TEXT NOT NULL,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX cds_clients_by_clinic ON cds_clients(clinic_id, issuer);"
    "CREATE TABLE cds_token_ids ("
    "  issuer TEXT NOT NULL,"
    "  jti TEXT NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  seen_at TEXT NOT NULL,"
    "  PRIMARY KEY (issuer, jti));"
    "CREATE INDEX cds_token_ids_by_expiry ON cds_token_ids(expires_at);";

/*
 * The failed-login throttle's counts (service/login_throttle.h), here so
 * that every server of a chain sees one count per key: kind 'email' (an
 * e-mail address tried), 'network' (a client's /24 or /64), or 'overflow'
 * (the shared count of the keys of kind key that found the table full).
 * Times are Unix seconds as the policy counts them (base/login_throttle.h);
 * written_at is when the row was last written. Rows quiet for an hour are
 * pruned by the writes themselves (by touched_at), and a full table gives
 * up its lightest unlocked row (by failures, then touched_at).
 */
static const char migration_14[] =
    "CREATE TABLE login_failures ("
    "  kind TEXT NOT NULL CHECK (kind IN ('email', 'network', 'overflow')),"
    "  key TEXT NOT NULL,"
    "  failures INTEGER NOT NULL CHECK (failures >= 0),"
    "  locked_until INTEGER NOT NULL DEFAULT 0,"
    "  touched_at INTEGER NOT NULL,"
    "  written_at TEXT NOT NULL,"
    "  PRIMARY KEY (kind, key));"
    "CREATE INDEX login_failures_by_touch ON login_failures(touched_at);"
    "CREATE INDEX login_failures_by_weight ON login_failures(failures, touched_at);";

/*
 * Consultation requests (docs/records.md#consultation-requests): what a
 * prospective client leaves from the calculator, for the clinic's inbox.
 * The assessment is the calculator's answers as JSON (the plan request's
 * form). address_hash is a keyed hash of the sender's address, kept only
 * while the per-address limit needs it (the service clears older ones), and
 * is all that is kept of the address. A closed request may name the client
 * and course started from it.
 */
static const char migration_15[] =
    "CREATE TABLE consultation_requests ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  name TEXT NOT NULL CHECK (length(name) > 0),"
    "  email TEXT,"
    "  phone TEXT,"
    "  consent INTEGER NOT NULL CHECK (consent = 1),"
    "  assessment TEXT NOT NULL,"
    "  address_hash TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
    "  closed_at TEXT,"
    "  closed_by TEXT,"
    "  close_note TEXT,"
    "  client_id INTEGER REFERENCES clients(id),"
    "  course_id INTEGER REFERENCES courses(id),"
    "  created_at TEXT NOT NULL,"
    "  CHECK (email IS NOT NULL OR phone IS NOT NULL),"
    "  CHECK ((status = 'open') = (closed_at IS NULL)));"
    "CREATE INDEX consultation_requests_by_status ON consultation_requests(clinic_id, status, id);"
    "CREATE INDEX consultation_requests_by_address"
    "  ON consultation_requests(clinic_id, address_hash, created_at);";

/*
 * Client portal links (docs/records.md#client-portal): a client's secret,
 * revocable link to their own page, kept only as the SHA-256 of its
 * token, like a calendar feed; revoked_at says when it stopped working. At
 * most one live link per client.
 */
static const char migration_16[] =
    "CREATE TABLE portals ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT);"
    "CREATE UNIQUE INDEX portals_one_live ON portals(clinic_id, client_id)"
    "  WHERE revoked_at IS NULL;"
    "CREATE INDEX portals_by_client ON portals(clinic_id, client_id, id);";

/*
 * Reminders by e-mail (docs/records.md#reminders). clinic_mail holds how a clinic
 * sends mail: the SMTP relay, the From address, the relay's user and
 * password (in the clear, as the relay needs them: the database file is
 * the secret, mode 0600) and the public URL links in mail start with.
 * messages holds each message before it is sent: one row per (clinic,
 * kind, subject, day), so a second run or a concurrent one cannot send it
 * again; opt_out_hash is the SHA-256 of the message's opt-out token.
 * opt_outs holds the clients who asked for no more reminders.
 */
static const char migration_17[] =
    "CREATE TABLE clinic_mail ("
    "  clinic_id INTEGER PRIMARY KEY REFERENCES clinics(id),"
    "  smtp_url TEXT NOT NULL,"
    "  mail_from TEXT NOT NULL,"
    "  smtp_user TEXT,"
    "  smtp_password TEXT,"
    "  public_url TEXT,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE messages ("
    "  id INTEGER PRIMARY KEY,"
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'recall')),"
    "  subject_id INTEGER NOT NULL,"
    "  day TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('recorded', 'sent', 'failed')),"
    "  opt_out_hash TEXT UNIQUE,"
    "  recorded_at TEXT NOT NULL,"
    "  sent_at TEXT,"
    "  error TEXT,"
    "  UNIQUE (clinic_id, kind, subject_id, day));"
    "CREATE INDEX messages_by_client ON messages(clinic_id, client_id, id);"
    "CREATE TABLE opt_outs ("
    "  clinic_id INTEGER NOT NULL REFERENCES clinics(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  created_at TEXT NOT NULL,"
    "  PRIMARY KEY (clinic_id, client_id));";

static const char *const migrations[] = {
    migration_1,  migration_2,  migration_3,  migration_4,  migration_5,  migration_6,
    migration_7,  migration_8,  migration_9,  migration_10, migration_11, migration_12,
    migration_13, migration_14, migration_15, migration_16, migration_17};

enum { MIGRATION_COUNT = sizeof migrations / sizeof migrations[0] };

static const char has_migrations_sql[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
static const char version_sql[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
static const char record_sql[] =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)";

/* The single integer a query answers; -1 (err filled) on failure. */
static int query_int(clg_sqlite *s, const char *sql, const char *what, clg_error *err)
{
    sqlite3_stmt *stmt = clg_sqlite_statement(s, sql, err);
    if (stmt == NULL)
        return -1;
    int value = -1;
    clg_status status = clg_sqlite_step_one(s, stmt, what, err);
    if (status == CLG_OK)
        value = sqlite3_column_int(stmt, 0);
    else if (status == CLG_ERR_NOT_FOUND)
        clg_error_set(err, CLG_ERR_IO, "database", "%s: no answer (%s)", what, s->path);
    sqlite3_reset(stmt);
    return value;
}

int clg_sqlite_schema_latest(void)
{
    return MIGRATION_COUNT;
}

/* The newest migration applied, 0 for a new file; -1 (err filled) on failure. */
int clg_sqlite_schema_version(clg_sqlite *s, clg_error *err)
{
    int tables = query_int(s, has_migrations_sql, "read schema", err);
    if (tables <= 0)
        return tables;
    return query_int(s, version_sql, "read schema version", err);
}

static clg_status record_migration(clg_sqlite *s, int version, clg_error *err)
{
    sqlite3_stmt *stmt = clg_sqlite_statement(s, record_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int(stmt, 1, version);
    clg_sqlite_bind_now(stmt, 2);
    return clg_sqlite_run(s, stmt, "migrate", err);
}

/* After the migrations, with foreign keys off while they ran: every reference must still hold. */
static clg_status check_foreign_keys(clg_sqlite *s, clg_error *err)
{
    sqlite3_stmt *stmt = clg_sqlite_statement(s, "PRAGMA foreign_key_check", err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = clg_sqlite_step_one(s, stmt, "migrate", err);
    if (status == CLG_OK)
        status = clg_error_set(err, CLG_ERR_IO, "database",
                               "%s: a migration left a row of %s without the row it refers to",
                               s->path, clg_sqlite_column_text(stmt, 0));
    else if (status == CLG_ERR_NOT_FOUND)
        status = CLG_OK;
    sqlite3_reset(stmt);
    return status;
}

static clg_status migrate_locked(clg_sqlite *s, clg_error *err);

/*
 * Checked first without the write lock, so that opening an up-to-date
 * database (every command) never queues behind a writer; re-checked under
 * BEGIN IMMEDIATE, so that two processes opening a new file at once apply
 * each migration exactly once. Foreign keys are off while migrations run
 * (a table rebuilt in place, as migration 6 does, would otherwise take its
 * dependants' rows with it) and checked as a whole before the commit; the
 * pragma cannot change inside a transaction, hence here.
 */
clg_status clg_sqlite_migrate(clg_sqlite *s, clg_error *err)
{
    int version = clg_sqlite_schema_version(s, err);
    if (version < 0)
        return CLG_ERR_IO;
    if (version == MIGRATION_COUNT)
        return CLG_OK;
    clg_status status = clg_sqlite_exec(s, "PRAGMA foreign_keys = OFF", "migrate", err);
    if (status == CLG_OK)
        status = migrate_locked(s, err);
    clg_error ignored;
    clg_status restored = clg_sqlite_exec(s, "PRAGMA foreign_keys = ON", "migrate",
                                          status == CLG_OK ? err : &ignored);
    return status == CLG_OK ? restored : status;
}

static clg_status migrate_locked(clg_sqlite *s, clg_error *err)
{
    int version;
    clg_status status = clg_sqlite_exec(s, "BEGIN IMMEDIATE", "migrate", err);
    if (status != CLG_OK)
        return status;
    version = clg_sqlite_schema_version(s, err);
    if (version < 0) {
        status = CLG_ERR_IO;
        goto out;
    }
    if (version > MIGRATION_COUNT) {
        status = clg_error_set(err, CLG_ERR_IO, "database",
                               "%s has schema version %d, newer than this collagenda knows (%d); "
                               "upgrade collagenda",
                               s->path, version, (int)MIGRATION_COUNT);
        goto out;
    }
    if (version == 0)
        status = clg_sqlite_exec(s,
                                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 "  version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                                 "migrate", err);
    for (int next = version + 1; status == CLG_OK && next <= MIGRATION_COUNT; next++) {
        status = clg_sqlite_exec(s, migrations[next - 1], "migrate", err);
        if (status == CLG_OK)
            status = record_migration(s, next, err);
    }
    /* Only after a migration ran here: another connection may have done them all meanwhile. */
    if (status == CLG_OK && version < MIGRATION_COUNT)
        status = check_foreign_keys(s, err);
    if (status == CLG_OK)
        return clg_sqlite_exec(s, "COMMIT", "migrate", err);
out:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}
