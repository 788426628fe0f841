-- TOTP second factor (RFC 6238) and the authentication methods a session was started with.
create table user_totp (
  user_id varchar(64) primary key,
  secret varchar(64) not null,
  confirmed boolean not null,
  last_step bigint not null,
  recovery_codes varchar(2000) not null,
  created_at bigint not null
);

alter table authorization_codes add column amr varchar(64);
alter table refresh_families add column amr varchar(64);
