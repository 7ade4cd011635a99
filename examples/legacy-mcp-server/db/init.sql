-- Schema and sample data for the shop assistant (mounted into the postgres container by docker-compose.yml).
CREATE TABLE IF NOT EXISTS orders (
  id              integer PRIMARY KEY,
  customer        text NOT NULL,
  item            text NOT NULL,
  status          text NOT NULL,
  tracking_number text
);

INSERT INTO orders (id, customer, item, status, tracking_number) VALUES
  (1001, 'Ada Lovelace',    'Analytical engine gears (x12)', 'delivered', 'ZX-4471-0092'),
  (1002, 'Grace Hopper',    'Nanosecond wire, 30 cm',        'shipped',   'ZX-4471-0107'),
  (1003, 'Alan Turing',     'Enigma rotor set',              'shipped',   'ZX-4471-0113'),
  (1004, 'Katherine Johnson', 'Slide rule, deluxe',          'packing',   NULL),
  (1005, 'Edsger Dijkstra', 'Fountain pen (blue ink)',       'packing',   NULL)
ON CONFLICT (id) DO NOTHING;
