-- A project as the first schema (user_version 1) wrote it, for the migration test: a little data
-- in the tables of schema-v1-tables.sql, which is run first. Written by hand; frozen: never edit
-- it to follow later versions.
INSERT INTO documents VALUES (1, '/nonexistent/list-5.jpg', 'aaaa', 1000, 'image', 1, '2026-01-01T00:00:00Z');
INSERT INTO pages VALUES (1, 1, 1, 2480, 3508, 300.0, 0.5, 'ocr-done');
INSERT INTO tables VALUES (1, 1, 0, 100, 200, 2300, 3300, '[100,400,2300]', '[200,300,400]');
INSERT INTO columns VALUES (1, 0, '№', 'integer', '{}');
INSERT INTO columns VALUES (2, 1, 'Фамилия и.и.з.', 'name', '{}');
INSERT INTO rows VALUES (1, 1, 0, 1, 'unverified', NULL, NULL);
INSERT INTO rows VALUES (2, 1, 1, 0, 'verified', 'archivist', '2026-01-02T10:00:00Z');
INSERT INTO cells VALUES (1, 1, 0, 100, 200, 400, 300, '№', 90.0, '№', 0, 0, NULL, NULL);
INSERT INTO cells VALUES (2, 1, 1, 400, 200, 2300, 300, 'Фамилия', 88.0, 'Фамилия и.и.з.', 0, 1, 'archivist', '2026-01-02T09:00:00Z');
INSERT INTO cells VALUES (3, 2, 0, 100, 300, 400, 400, '1', 95.0, '1', 0, 0, NULL, NULL);
INSERT INTO cells VALUES (4, 2, 1, 400, 300, 2300, 400, 'Бектаиов Мажнт', 61.5, 'Бектанов Мажит', 0, 1, 'archivist', '2026-01-02T09:30:00Z');
INSERT INTO edits VALUES (1, 1, '2026-01-02T09:30:00Z', 'archivist', 'cell-text', 'cells', 4, 'text', 'Бектаиов Мажнт', 'Бектанов Мажит', 0);
