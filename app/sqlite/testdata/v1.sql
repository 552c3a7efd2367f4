-- A clinic database as the first release (schema version 1) left it:
-- settings, users and audit_log only, with rows to keep.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
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

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    username  TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    detail    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

INSERT INTO settings VALUES ('clinic_name', 'Clínica Versão Um');
INSERT INTO settings VALUES ('idle_timeout_minutes', '120');
INSERT INTO users (id, username, display_name, password_hash, role, active,
    created_at, last_login_at) VALUES
    (1, 'dona', 'Dona da Clínica',
     '$2a$04$6b3Hq0Hk1Yp0n2dq7s5xUOeYhVnO1a3h3m0b5pJ7W8m1f2q3r4s5t', 'admin', 1,
     '2025-03-01T12:00:00Z', '2025-03-02T12:00:00Z'),
    (2, 'recepcao', 'Recepção', '$2a$04$abc', 'reception', 0,
     '2025-03-01T12:05:00Z', NULL);
INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
    VALUES ('2025-03-01T12:00:00Z', 1, 'dona', 'setup', 'user', 1, 'Clínica Versão Um'),
           ('2025-03-01T12:05:00Z', 1, 'dona', 'create', 'user', 2, 'recepcao');
PRAGMA user_version = 1;
