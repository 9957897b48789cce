-- Visitors with a page open on each instance: another instance that saw the same visitor's page
-- view lets them go as soon as their last page closes, not a whole online window later.
ALTER TABLE online_presence ADD COLUMN open_pages bigint[] NOT NULL DEFAULT '{}';
