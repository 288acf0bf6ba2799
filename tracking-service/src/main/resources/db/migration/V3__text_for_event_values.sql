-- Columns fed from event values as long as their schema allows (docs/events.md): the destination city is up to
-- 500 characters, the last location joins facility (200), city (200) and country. Text keeps any of them.
ALTER TABLE shipment ALTER COLUMN destination_city TYPE text, ALTER COLUMN last_location TYPE text;
