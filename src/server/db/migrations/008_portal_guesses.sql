-- Query-code attempts per ticket number on the public portal (issue 10). Counted in the database,
-- not in one server's memory, so every instance draws on one budget per number: a guesser who spreads
-- over many addresses or instances still gets only so many tries at one ticket per window.
CREATE TABLE portal_guesses (
  number text PRIMARY KEY,
  attempts integer NOT NULL,
  window_start timestamptz NOT NULL
);
CREATE INDEX portal_guesses_window ON portal_guesses (window_start);
