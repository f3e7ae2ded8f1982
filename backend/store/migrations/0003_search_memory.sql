-- 0003_search_memory: bound the memory of a bulk search-index fill.
-- FTS5 keeps this much pending index data in memory before it writes a segment
-- (the real allocation is about twice that). 32 MiB made a big import's peak
-- memory grow with the file up to the limit; 8 MiB fills as fast.
INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', 8388608);
