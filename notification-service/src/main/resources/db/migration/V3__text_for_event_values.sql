-- Columns fed from event values as long as their schema allows (docs/events.md): the customer's name is up to 500
-- characters, and a call task's reason names the customer and every resolution step (500 each, any number).
ALTER TABLE customer_contact ALTER COLUMN name TYPE text;
ALTER TABLE call_task ALTER COLUMN customer_name TYPE text, ALTER COLUMN reason TYPE text;
