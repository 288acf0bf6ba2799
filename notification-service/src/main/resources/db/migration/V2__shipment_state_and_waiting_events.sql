-- notification-service decides by what happened, not by what arrived first: one shipment's events come from several
-- producers and may arrive in any order.

-- The occurrence time of the estimate in customer_contact: an older event never replaces a newer estimate.
ALTER TABLE customer_contact ADD COLUMN estimate_at timestamptz;

-- What notification-service knows of each shipment, by occurrence time, whatever the arrival order.
CREATE TABLE shipment_state (
    tracking_number       varchar(40)  PRIMARY KEY,
    latest_milestone      varchar(30),
    latest_milestone_at   timestamptz,
    delivered_at          timestamptz,
    -- the Delivered event whose messages (email, SMS, feedback request) the customer gets: one per shipment
    delivery_announced_by varchar(200),
    feedback_received     boolean      NOT NULL DEFAULT false,
    -- ids of the ExceptionRaised events an ExceptionResolved named
    resolved_exceptions   jsonb        NOT NULL DEFAULT '[]',
    updated_at            timestamptz  NOT NULL
);

-- Events with customer messages that came before their OrderConfirmed (no contact yet): planned when it arrives.
CREATE TABLE waiting_event (
    id              uuid         PRIMARY KEY,
    event_id        varchar(200) NOT NULL,
    tracking_number varchar(40)  NOT NULL,
    occurred_at     timestamptz  NOT NULL,
    event           text         NOT NULL,
    received_at     timestamptz  NOT NULL
);
CREATE INDEX ix_waiting_event_tracking ON waiting_event (tracking_number, occurred_at);
