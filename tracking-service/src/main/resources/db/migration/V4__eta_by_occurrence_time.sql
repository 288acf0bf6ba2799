-- The ETA follows the latest estimate by occurrence time, not by arrival: this is when the event that gave it
-- happened. Null (shipments projected before) lets the next estimate through.
ALTER TABLE shipment ADD COLUMN estimated_delivery_at timestamptz;
