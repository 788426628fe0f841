-- RFC 8705: mutual-TLS client authentication (tls_client_auth) and certificate-bound tokens.
alter table clients add column tls_subject_dn varchar(1024);
alter table clients add column tls_san_dns varchar(255);
alter table clients add column tls_san_uri varchar(2048);
alter table clients add column tls_bound_tokens boolean default false not null;
-- The x5t#S256 thumbprint a session's tokens are bound to (RFC 8705 §3), or null.
alter table refresh_families add column cnf_x5t varchar(64);
