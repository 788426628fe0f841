-- Copies of the chained audit records (docs/audit.md). line holds the exact JSON line of the chain
-- file, so the copy verifies like the file; seq makes delivery idempotent.
create table audit_records (
    seq         bigint      primary key check (seq >= 1),
    kind        text        not null check (kind in ('event', 'checkpoint')),
    hash        char(64)    not null,
    line        text        not null,
    received_at timestamptz not null default now()
);
