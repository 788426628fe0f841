CREATE TABLE charges (
  id           VARCHAR(36)  PRIMARY KEY,
  order_id     VARCHAR(64)  NOT NULL UNIQUE,
  amount_cents BIGINT       NOT NULL CHECK (amount_cents > 0),
  currency     CHAR(3)      NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  requested_by VARCHAR(255) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
