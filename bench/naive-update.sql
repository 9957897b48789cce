-- The naive design: one UPDATE per page view, every view on the same counter row.
UPDATE naive_counter SET views = views + 1 WHERE id = 1;
