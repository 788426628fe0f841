CREATE TABLE orders (
  id          VARCHAR(36)  PRIMARY KEY,
  owner       VARCHAR(255) NOT NULL,
  status      VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'PAID')),
  total_cents BIGINT       NOT NULL CHECK (total_cents > 0),
  currency    CHAR(3)      NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  paid_at     TIMESTAMP WITH TIME ZONE,
  charge_id   VARCHAR(36)
);
CREATE INDEX orders_owner ON orders (owner, created_at);

CREATE TABLE order_lines (
  order_id         VARCHAR(36)  NOT NULL REFERENCES orders (id),
  line_no          INT          NOT NULL,
  product_id       VARCHAR(64)  NOT NULL,
  product_name     VARCHAR(100) NOT NULL,
  quantity         INT          NOT NULL CHECK (quantity BETWEEN 1 AND 50),
  unit_price_cents BIGINT       NOT NULL CHECK (unit_price_cents > 0),
  PRIMARY KEY (order_id, line_no)
);
