-- Events are told apart by source and id (CloudEvents ids are unique per source only): the timeline and the
-- waiting events are keyed by the event's key, a name-based UUID of both (CloudEvent.key()). Rows recorded
-- before keep their id as key; event_id stays the producer's id, as shown in the timeline.
ALTER TABLE shipment_event ADD COLUMN event_key varchar(200);
UPDATE shipment_event SET event_key = event_id;
ALTER TABLE shipment_event ALTER COLUMN event_key SET NOT NULL;
ALTER TABLE shipment_event DROP CONSTRAINT shipment_event_pkey;
ALTER TABLE shipment_event ADD PRIMARY KEY (event_key);

ALTER TABLE pending_event ADD COLUMN event_key varchar(200);
UPDATE pending_event SET event_key = event_id;
ALTER TABLE pending_event ALTER COLUMN event_key SET NOT NULL;
ALTER TABLE pending_event DROP CONSTRAINT pending_event_pkey;
ALTER TABLE pending_event ADD PRIMARY KEY (event_key);
