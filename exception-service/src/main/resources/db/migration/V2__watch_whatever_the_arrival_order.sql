-- A shipment's milestones can arrive before its OrderConfirmed (the producers publish independently): the watch
-- then starts with the milestones, and the order's data (confirmed_at among it) follows when it arrives.
ALTER TABLE shipment_watch ALTER COLUMN confirmed_at DROP NOT NULL;
-- When the current estimate was made, so that an older estimate arriving late does not replace a newer one.
ALTER TABLE shipment_watch ADD COLUMN estimate_at timestamptz;
