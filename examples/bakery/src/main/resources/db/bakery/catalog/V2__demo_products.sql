INSERT INTO products (id, name, price_cents, currency, updated_at) VALUES
  ('croissant',        'Croissant',        120, 'EUR', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
  ('baguette',         'Baguette',         110, 'EUR', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
  ('pain-au-chocolat', 'Pain au chocolat', 140, 'EUR', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
  ('eclair',           'Éclair au café',   290, 'EUR', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
  ('tarte-au-citron',  'Tarte au citron',  420, 'EUR', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00');
