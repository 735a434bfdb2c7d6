-- The texts users agree to (issue 21 item 1): the platform's legal statement, its privacy
-- policy and the association's charter, each in numbered versions the platform operator
-- publishes; and which version each user agreed to, and when.
create table legal_documents (
    kind text not null,
    version bigint not null,
    title text not null,
    body text not null,
    change_note text,
    published_at bigint not null,
    -- The operator who published it; null for the default text the platform ships with.
    published_by text,
    primary key (kind, version)
);

create table legal_agreements (
    user_id text not null references users (id) on delete cascade,
    kind text not null,
    version bigint not null,
    agreed_at bigint not null,
    ip text,
    primary key (user_id, kind, version),
    foreign key (kind, version) references legal_documents (kind, version)
);
