-- KPsicologia CRM schema: the whole current shape of a clinic database.
--
-- A new database runs this file once. An older database first runs the
-- column patches in app/sqlite/migrate.go and then this file, which is why
-- every statement here is idempotent (IF NOT EXISTS). PRAGMA user_version
-- records the schema version; the store sets it after both steps.
--
-- Conventions: dates are 'YYYY-MM-DD' text and times 'HH:MM' text in the
-- clinic's time zone; instants (created_at, audit times) are UTC RFC 3339
-- text; money is INTEGER cents; booleans are INTEGER 0/1.

-- Foundation: settings, accounts and the audit log.

CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL
                    CHECK (role IN ('admin', 'reception', 'psychologist')),
    psychologist_id INTEGER REFERENCES psychologists (id),
    active          INTEGER NOT NULL DEFAULT 1,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    last_login_at   TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    username  TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

-- Registry: units, rooms, catalogues, psychologists and patients.

CREATE TABLE IF NOT EXISTS units (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    cep     TEXT NOT NULL DEFAULT '',
    active  INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE IF NOT EXISTS rooms (
    id      INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    name    TEXT NOT NULL,
    color   TEXT NOT NULL DEFAULT '#6c757d',
    active  INTEGER NOT NULL DEFAULT 1,
    UNIQUE (unit_id, name)
) STRICT;

-- room_hours holds a room's opening hours; a weekday without a row is a
-- day the room is closed. weekday follows Go's time.Weekday (0 = Sunday).
CREATE TABLE IF NOT EXISTS room_hours (
    room_id INTEGER NOT NULL REFERENCES rooms (id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens   TEXT NOT NULL,
    closes  TEXT NOT NULL,
    PRIMARY KEY (room_id, weekday)
) STRICT;

CREATE TABLE IF NOT EXISTS specialties (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE
) STRICT;

CREATE TABLE IF NOT EXISTS audiences (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE
) STRICT;

-- The default specialties and audiences are inserted once, when the
-- catalogue tables are new: on a new database (user_version 0 while this
-- file runs) and on one from before version 2, the version that added
-- them. The store sets user_version only after this file, so later starts
-- see version 2 or more and never re-create a default the admin renamed
-- or deleted.
INSERT OR IGNORE INTO specialties (name)
    SELECT column1 FROM (VALUES ('Ansiedade'), ('Depressão'), ('Luto'),
        ('TDAH'), ('Transtorno do espectro autista (TEA)'),
        ('Relacionamentos'), ('Orientação profissional'),
        ('Avaliação psicológica'), ('Dependência química'),
        ('Transtornos alimentares'), ('Trauma'))
    WHERE (SELECT user_version FROM pragma_user_version) < 2;

INSERT OR IGNORE INTO audiences (name)
    SELECT column1 FROM (VALUES ('Crianças'), ('Adolescentes'),
        ('Adultos'), ('Casais'), ('Famílias'), ('Idosos'))
    WHERE (SELECT user_version FROM pragma_user_version) < 2;

CREATE TABLE IF NOT EXISTS psychologists (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    search_text     TEXT NOT NULL DEFAULT '',
    crp             TEXT NOT NULL DEFAULT '',
    cpf             TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    color           TEXT NOT NULL DEFAULT '#0d6efd',
    approach        TEXT NOT NULL DEFAULT '',
    session_minutes INTEGER NOT NULL DEFAULT 50,
    -- payout_share_bp is the share of what the psychologist's patients pay
    -- that the psychologist receives, in basis points (6000 = 60 %).
    payout_share_bp INTEGER NOT NULL DEFAULT 5000
                    CHECK (payout_share_bp BETWEEN 0 AND 10000),
    active          INTEGER NOT NULL DEFAULT 1,
    agenda_reviewed_at TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS psychologist_specialties (
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    specialty_id    INTEGER NOT NULL REFERENCES specialties (id),
    PRIMARY KEY (psychologist_id, specialty_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS psychologist_audiences (
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    audience_id     INTEGER NOT NULL REFERENCES audiences (id),
    PRIMARY KEY (psychologist_id, audience_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS psychologist_units (
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (psychologist_id, unit_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS patients (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    social_name     TEXT NOT NULL DEFAULT '',
    -- search_text is the accent- and case-folded name, social name, phones
    -- and CPF, because SQLite's LIKE and lower() fold only ASCII letters.
    search_text     TEXT NOT NULL DEFAULT '',
    birth_date      TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    phone2          TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    cpf             TEXT NOT NULL DEFAULT '',
    guardian_name   TEXT NOT NULL DEFAULT '',
    guardian_cpf    TEXT NOT NULL DEFAULT '',
    guardian_phone  TEXT NOT NULL DEFAULT '',
    price_cents     INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    frequency       TEXT NOT NULL DEFAULT 'weekly'
                    CHECK (frequency IN ('weekly', 'biweekly')),
    psychologist_id INTEGER REFERENCES psychologists (id),
    notes           TEXT NOT NULL DEFAULT '',
    consent_messages INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    deleted_reason  TEXT NOT NULL DEFAULT '',
    deleted_by      INTEGER REFERENCES users (id)
) STRICT;

-- One patient per CPF, deleted or not, so a new patient with a deleted
-- patient's CPF is offered the restore instead of a second record.
CREATE UNIQUE INDEX IF NOT EXISTS patients_cpf ON patients (cpf)
    WHERE cpf <> '';
CREATE INDEX IF NOT EXISTS patients_psychologist
    ON patients (psychologist_id, deleted_at);
CREATE INDEX IF NOT EXISTS patients_name ON patients (deleted_at, name);

-- Availability: psychologists' weekly ranges, extra dates and blocks,
-- clinic closures and local holidays.

CREATE TABLE IF NOT EXISTS availability (
    id              INTEGER PRIMARY KEY,
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts          TEXT NOT NULL,
    ends            TEXT NOT NULL,
    unit_id         INTEGER REFERENCES units (id)
) STRICT;

CREATE INDEX IF NOT EXISTS availability_psychologist
    ON availability (psychologist_id, weekday);

CREATE TABLE IF NOT EXISTS availability_dates (
    id              INTEGER PRIMARY KEY,
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    date            TEXT NOT NULL,
    starts          TEXT NOT NULL,
    ends            TEXT NOT NULL
) STRICT;

CREATE INDEX IF NOT EXISTS availability_dates_psychologist
    ON availability_dates (psychologist_id, date);

CREATE TABLE IF NOT EXISTS blocks (
    id              INTEGER PRIMARY KEY,
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id)
) STRICT;

CREATE INDEX IF NOT EXISTS blocks_psychologist
    ON blocks (psychologist_id, starts_on);

CREATE TABLE IF NOT EXISTS closures (
    id     INTEGER PRIMARY KEY,
    date   TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL
) STRICT;

-- local_holidays holds the admin's list; yearly ones repeat on the same
-- day and month, so their date's year is only the first year.
CREATE TABLE IF NOT EXISTS local_holidays (
    id     INTEGER PRIMARY KEY,
    date   TEXT NOT NULL,
    name   TEXT NOT NULL,
    yearly INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Scheduling: series (horários fixos) and their dated sessions.

CREATE TABLE IF NOT EXISTS series (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    room_id         INTEGER REFERENCES rooms (id),
    modality        TEXT NOT NULL DEFAULT 'in_person'
                    CHECK (modality IN ('in_person', 'online')),
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    starts          TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    frequency       TEXT NOT NULL CHECK (frequency IN ('weekly', 'biweekly')),
    -- anchor_date is the first occurrence; a biweekly series occurs on
    -- anchor_date + 14·k days, never on ISO week parity.
    anchor_date     TEXT NOT NULL,
    end_date        TEXT,
    -- materialized_until is the last date whose sessions exist as rows.
    materialized_until TEXT NOT NULL,
    ended_reason    TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id)
) STRICT;

CREATE INDEX IF NOT EXISTS series_patient ON series (patient_id);
CREATE INDEX IF NOT EXISTS series_psychologist ON series (psychologist_id);

CREATE TABLE IF NOT EXISTS sessions (
    id              INTEGER PRIMARY KEY,
    series_id       INTEGER REFERENCES series (id),
    -- occurrence_date is the date the series put this session on; it stays
    -- when the session is moved, so the series never re-creates it.
    occurrence_date TEXT,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    room_id         INTEGER REFERENCES rooms (id),
    modality        TEXT NOT NULL DEFAULT 'in_person'
                    CHECK (modality IN ('in_person', 'online')),
    kind            TEXT NOT NULL DEFAULT 'series'
                    CHECK (kind IN ('series', 'one_off', 'emergency')),
    date            TEXT NOT NULL,
    -- start_min and end_min are minutes since midnight, for overlap tests.
    start_min       INTEGER NOT NULL,
    end_min         INTEGER NOT NULL CHECK (end_min > start_min),
    status          TEXT NOT NULL DEFAULT 'scheduled'
                    CHECK (status IN ('scheduled', 'done', 'missed_charged',
                        'missed_excused', 'cancelled_patient',
                        'cancelled_clinic', 'psychologist_absent',
                        'holiday')),
    price_cents     INTEGER NOT NULL DEFAULT 0,
    override_reason TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    confirmed_at    TEXT,
    confirmed_by    INTEGER REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (series_id, occurrence_date)
) STRICT;

CREATE INDEX IF NOT EXISTS sessions_date ON sessions (date, start_min);
CREATE INDEX IF NOT EXISTS sessions_psychologist_date
    ON sessions (psychologist_id, date);
CREATE INDEX IF NOT EXISTS sessions_room_date ON sessions (room_id, date);
CREATE INDEX IF NOT EXISTS sessions_patient_date ON sessions (patient_id, date);
-- sessions_pending finds the sessions still waiting for a confirmation,
-- a few among hundreds of thousands, for the home pages and /attendance.
CREATE INDEX IF NOT EXISTS sessions_pending ON sessions (date, start_min)
    WHERE status = 'scheduled';

-- Money: charges, payments and their allocation, expenses and closings.

-- A charge exists for each confirmed session whose status the clinic's
-- policy charges; UNIQUE (session_id) makes a replayed confirmation unable
-- to charge twice.
CREATE TABLE IF NOT EXISTS charges (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER UNIQUE REFERENCES sessions (id),
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    psychologist_id INTEGER NOT NULL REFERENCES psychologists (id),
    date            TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
    description     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users (id),
    -- paid_cents is the sum of the charge's payment_allocations, kept by
    -- the payment_allocations triggers below.
    paid_cents      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- charges_patient_money covers the patients' balances before a date
-- (the ledger's opening lines) without reading the table; it replaced
-- charges_patient (patient_id, date), which it begins with.
DROP INDEX IF EXISTS charges_patient;
CREATE INDEX IF NOT EXISTS charges_patient_money
    ON charges (patient_id, date, psychologist_id, amount_cents);
CREATE INDEX IF NOT EXISTS charges_date
    ON charges (date, psychologist_id, amount_cents);

CREATE TABLE IF NOT EXISTS payments (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    date         TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    method       TEXT NOT NULL CHECK (method IN ('cash', 'debit', 'credit',
                     'transfer', 'pix')),
    received_by  INTEGER REFERENCES users (id),
    payer_name   TEXT NOT NULL DEFAULT '',
    payer_cpf    TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    -- allocated_cents is the sum of the payment's payment_allocations,
    -- kept by the payment_allocations triggers below.
    allocated_cents INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX IF NOT EXISTS payments_patient ON payments (patient_id, date);
CREATE INDEX IF NOT EXISTS payments_date
    ON payments (date, method, amount_cents);

-- payment_allocations ties part of a payment to a charge, so a payment can
-- cover many sessions or part of one, and the payout follows the money.
CREATE TABLE IF NOT EXISTS payment_allocations (
    payment_id   INTEGER NOT NULL REFERENCES payments (id),
    charge_id    INTEGER NOT NULL REFERENCES charges (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (payment_id, charge_id)
) STRICT;

-- Both indexes carry amount_cents, so the sums of the ledger, the
-- receivables and the month summary read no table row for it.
CREATE INDEX IF NOT EXISTS payment_allocations_charge
    ON payment_allocations (charge_id, amount_cents);
CREATE INDEX IF NOT EXISTS payment_allocations_payment
    ON payment_allocations (payment_id, charge_id, amount_cents);

-- The running sums charges.paid_cents and payments.allocated_cents change
-- in the statement that changes an allocation, so they stay right in the
-- writer's own transaction whichever code inserts, updates or deletes it.
-- They let the receivables read only the charges still open and the
-- payments with credit left, through the partial indexes below, instead
-- of summing every allocation of the clinic's history.
CREATE TRIGGER IF NOT EXISTS payment_allocations_sums_insert
AFTER INSERT ON payment_allocations BEGIN
    UPDATE charges SET paid_cents = paid_cents + NEW.amount_cents
        WHERE id = NEW.charge_id;
    UPDATE payments SET allocated_cents = allocated_cents + NEW.amount_cents
        WHERE id = NEW.payment_id;
END;

CREATE TRIGGER IF NOT EXISTS payment_allocations_sums_delete
AFTER DELETE ON payment_allocations BEGIN
    UPDATE charges SET paid_cents = paid_cents - OLD.amount_cents
        WHERE id = OLD.charge_id;
    UPDATE payments SET allocated_cents = allocated_cents - OLD.amount_cents
        WHERE id = OLD.payment_id;
END;

CREATE TRIGGER IF NOT EXISTS payment_allocations_sums_update
AFTER UPDATE ON payment_allocations BEGIN
    UPDATE charges SET paid_cents = paid_cents - OLD.amount_cents
        WHERE id = OLD.charge_id;
    UPDATE charges SET paid_cents = paid_cents + NEW.amount_cents
        WHERE id = NEW.charge_id;
    UPDATE payments SET allocated_cents = allocated_cents - OLD.amount_cents
        WHERE id = OLD.payment_id;
    UPDATE payments SET allocated_cents = allocated_cents + NEW.amount_cents
        WHERE id = NEW.payment_id;
END;

-- The charges with an unpaid part and the payments with money not yet
-- allocated: a small share of the rows, so the receivables and the
-- patients' credit read them without scanning the whole history.
CREATE INDEX IF NOT EXISTS charges_open ON charges (date, patient_id)
    WHERE paid_cents < amount_cents;
CREATE INDEX IF NOT EXISTS payments_unallocated ON payments (patient_id, date)
    WHERE allocated_cents < amount_cents;

-- payment_requests holds the one-time token of each submitted payment
-- form, so a double click or a replayed form returns the payment already
-- recorded instead of taking the money twice.
CREATE TABLE IF NOT EXISTS payment_requests (
    token      TEXT PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payments (id),
    created_at TEXT NOT NULL
) STRICT;

-- cancellation_notices records when a patient's cancellation reached the
-- clinic, for sessions marked cancelled_patient, because the charge policy
-- may charge a cancellation made less than N hours ahead. notice_at is the
-- clinic's local wall time 'YYYY-MM-DDTHH:MM', comparable with the
-- session's date and start_min; minutes_ahead is the notice's lead time
-- (negative when the notice came after the start).
CREATE TABLE IF NOT EXISTS cancellation_notices (
    session_id    INTEGER PRIMARY KEY REFERENCES sessions (id),
    notice_at     TEXT NOT NULL,
    minutes_ahead INTEGER NOT NULL,
    recorded_at   TEXT NOT NULL,
    recorded_by   INTEGER REFERENCES users (id)
) STRICT;

CREATE TABLE IF NOT EXISTS expense_categories (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    active INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The default categories go in only while the table is empty: categories
-- are deactivated, never deleted, so a renamed one is not put back.
INSERT INTO expense_categories (name)
    SELECT column1 FROM (VALUES ('Aluguel'), ('Material'), ('Impostos'),
        ('Salários'), ('Outros'))
    WHERE NOT EXISTS (SELECT 1 FROM expense_categories);

CREATE TABLE IF NOT EXISTS expenses (
    id             INTEGER PRIMARY KEY,
    category_id    INTEGER NOT NULL REFERENCES expense_categories (id),
    unit_id        INTEGER REFERENCES units (id),
    date           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES users (id),
    deleted_at     TEXT,
    deleted_reason TEXT NOT NULL DEFAULT '',
    deleted_by     INTEGER REFERENCES users (id)
) STRICT;

CREATE INDEX IF NOT EXISTS expenses_date ON expenses (deleted_at, date);

-- month_closings: psychologist_id NULL closes the month for the whole
-- clinic. A row with reopened_at set no longer locks anything.
CREATE TABLE IF NOT EXISTS month_closings (
    id              INTEGER PRIMARY KEY,
    month           TEXT NOT NULL,
    psychologist_id INTEGER REFERENCES psychologists (id),
    closed_at       TEXT NOT NULL,
    closed_by       INTEGER REFERENCES users (id),
    reopened_at     TEXT,
    reopened_by     INTEGER REFERENCES users (id),
    reopen_reason   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX IF NOT EXISTS month_closings_month
    ON month_closings (month, psychologist_id);

-- Import: one row per confirmed spreadsheet import. token is the random
-- id of the upload that was confirmed; UNIQUE makes a replayed or double
-- confirmation unable to import the same upload twice. summary is JSON:
-- the counts and the skipped rows with their reasons, for the result page.
CREATE TABLE IF NOT EXISTS imports (
    id          INTEGER PRIMARY KEY,
    token       TEXT NOT NULL UNIQUE,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id)
) STRICT;
