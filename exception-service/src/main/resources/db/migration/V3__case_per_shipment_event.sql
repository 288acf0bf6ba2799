-- CloudEvents ids are unique per source only: two carriers may both raise exception "1". A reported case is named by
-- its raising event's id within its shipment (ExceptionResolved and EscalationRaised name it so).
ALTER TABLE exception_case DROP CONSTRAINT exception_case_raised_event_id_key;
ALTER TABLE exception_case ADD CONSTRAINT uq_exception_case_raised_event UNIQUE (tracking_number, raised_event_id);
