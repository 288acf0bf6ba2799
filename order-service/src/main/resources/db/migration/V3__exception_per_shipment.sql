-- CloudEvents ids are unique per source only: two carriers may both raise exception "1". An exception is named by
-- its raising event's id within its shipment (ExceptionResolved names it so), not across all shipments.
ALTER TABLE order_exception DROP CONSTRAINT order_exception_pkey;
ALTER TABLE order_exception ADD PRIMARY KEY (tracking_number, raised_event_id);
