-- CloudEvents ids are unique per source only: two carriers may both send event "1", and the management list or the
-- internal webhook is the same recipient for every shipment. One message per (shipment, event, channel, recipient,
-- purpose).
ALTER TABLE notification DROP CONSTRAINT uq_notification_message;
ALTER TABLE notification ADD CONSTRAINT uq_notification_message
    UNIQUE (tracking_number, event_id, channel, recipient_kind, recipient, purpose);
