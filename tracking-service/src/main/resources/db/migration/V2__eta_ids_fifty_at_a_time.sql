-- shipment_eta ids come from their sequence 50 at a time (Hibernate's pooled optimizer), so that ETA rows are
-- inserted in JDBC batches with the rest of a batch of events instead of one round trip each (IDENTITY).
-- The column keeps its default, which now also steps by 50; ids stay unique and ascending per service instance.
ALTER SEQUENCE shipment_eta_id_seq INCREMENT BY 50;
