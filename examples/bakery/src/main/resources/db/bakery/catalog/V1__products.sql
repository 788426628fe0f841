CREATE TABLE products (
  id          VARCHAR(64)  PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  price_cents BIGINT       NOT NULL CHECK (price_cents > 0),
  currency    CHAR(3)      NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
