-- Browser single sign-on sessions: only the SHA-256 of the cookie value is stored.
create table browser_sessions (
  session_hash varchar(64) primary key,
  user_id varchar(64) not null,
  auth_time bigint not null,
  amr varchar(64),
  last_seen_at bigint not null,
  absolute_expires_at bigint not null
);
create index browser_sessions_user on browser_sessions (user_id);
