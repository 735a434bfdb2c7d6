-- Electronic certificates of training classes (SPEC §5.5): a PDF with a serial and a QR code
-- that opens the public verification page. Regenerating after new records revokes the old one.

create table certificates (
    id text primary key,
    class_id text not null references classes (id) on delete cascade,
    serial text not null unique,
    status text not null check (status in ('valid', 'revoked')),
    -- JSON of what the certificate states (org, class, sessions, students and hours); its
    -- hash tells whether records changed since.
    summary text not null,
    summary_hash text not null,
    pdf blob not null,
    created_by text not null references users (id),
    created_at bigint not null,
    revoked_at bigint
);
create index certificates_by_class on certificates (class_id, status);
