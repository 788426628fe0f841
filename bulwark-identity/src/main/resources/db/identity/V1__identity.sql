-- Bulwark identity store. Portable between H2 2.x and PostgreSQL: times are epoch milliseconds,
-- lists and maps are JSON text, and secrets (client secrets, codes, refresh tokens) are stored
-- only as SHA-256 hex digests.

create table clients (
  client_id varchar(128) primary key,
  secret_hash varchar(64),
  auth_method varchar(32) not null,
  jwks varchar(16000),
  redirect_uris varchar(8000) not null,
  grant_types varchar(1000) not null,
  scopes varchar(4000) not null,
  audiences varchar(4000) not null,
  resource varchar(255),
  first_party boolean not null,
  description varchar(512),
  disabled boolean not null,
  created_at bigint not null
);

create table users (
  user_id varchar(64) primary key,
  username varchar(128) not null,
  password_hash varchar(512) not null,
  role_names varchar(4000) not null,
  group_names varchar(4000) not null,
  attributes varchar(8000) not null,
  disabled boolean not null,
  created_at bigint not null,
  constraint users_username_unique unique (username)
);

create table authorization_codes (
  code_hash varchar(64) primary key,
  client_id varchar(128) not null,
  user_id varchar(64) not null,
  redirect_uri varchar(2048) not null,
  scope varchar(2000) not null,
  code_challenge varchar(128) not null,
  nonce varchar(512),
  auth_time bigint not null,
  expires_at bigint not null,
  used boolean not null,
  family_id varchar(64)
);
create index authorization_codes_expiry on authorization_codes (expires_at);

create table refresh_families (
  family_id varchar(64) primary key,
  client_id varchar(128) not null,
  user_id varchar(64) not null,
  scope varchar(2000) not null,
  auth_time bigint not null,
  created_at bigint not null,
  absolute_expires_at bigint not null,
  revoked boolean not null
);
create index refresh_families_user on refresh_families (user_id);

create table refresh_tokens (
  token_hash varchar(64) primary key,
  family_id varchar(64) not null references refresh_families (family_id) on delete cascade,
  created_at bigint not null,
  expires_at bigint not null,
  used boolean not null
);
create index refresh_tokens_family on refresh_tokens (family_id);

create table revoked_tokens (
  jti varchar(128) primary key,
  expires_at bigint not null
);

create table revocation_events (
  seq bigint primary key,
  claim_kind varchar(8) not null,
  claim_value varchar(255) not null,
  issued_before bigint not null,
  expires_at bigint not null
);

-- One row; updating it serializes appends so that a reader never sees seq n+1 before seq n.
create table revocation_counter (
  id int primary key,
  last_seq bigint not null
);
insert into revocation_counter (id, last_seq) values (1, 0);

create table signing_keys (
  kid varchar(128) primary key,
  alg varchar(16) not null,
  jwk varchar(16000) not null,
  created_at bigint not null,
  retire_after bigint
);
