-- Registration queues its ticket for the band rows instead of writing them (issue 16). Its 42 rows,
-- written by each of 32 concurrent registrations into the one b-tree of ticket_bands, took 60 % of
-- the registration statement's time and more as the table grew (at 55,000 tickets: 1.3–1.8 ms of
-- PostgreSQL's CPU a ticket); written for 50–500 tickets in one statement, 0.2–0.3 ms. The bands
-- are in ticket_fingerprints, written with the ticket; the band writer (src/server/repeats/band-writer.ts)
-- moves queued tickets into ticket_bands a moment later, and the repeat lookup (find.ts) reads the
-- queue beside the band rows, so a repeat is found before and after the move alike.
-- No key and no foreign key: rows only this code writes, taken off in the order of the heap.
CREATE TABLE ticket_bands_queue (ticket_id uuid NOT NULL);
