-- The shipment projection: one row per shipment, its current state.
CREATE TABLE shipment (
    tracking_number            char(13)     PRIMARY KEY,
    order_id                   varchar(64),
    service_level              varchar(20),
    status                     varchar(20)  NOT NULL,
    -- occurrence time of the event that set the status: older events never move it back
    status_at                  timestamptz  NOT NULL,
    estimated_delivery         date,
    promised_delivery          date,
    destination_city           varchar(100),
    destination_country        char(2),
    customer_language          varchar(10),
    customer_time_zone         varchar(64),
    last_location              varchar(300),
    last_location_at           timestamptz,
    open_exception_event_id    varchar(200),
    open_exception_reason      varchar(40),
    open_exception_description text,
    open_exception_steps       jsonb,
    open_exception_since       timestamptz,
    proof_of_delivery_id       uuid,
    recipient_name             varchar(200),
    delivered_at               timestamptz,
    created_at                 timestamptz  NOT NULL,
    updated_at                 timestamptz  NOT NULL
);
CREATE INDEX ix_shipment_status ON shipment (status, updated_at);
CREATE INDEX ix_shipment_updated ON shipment (updated_at);
CREATE INDEX ix_shipment_exception ON shipment (updated_at) WHERE open_exception_reason IS NOT NULL;

-- The timeline: every event of a shipment, in occurrence order when read.
CREATE TABLE shipment_event (
    event_id         varchar(200) PRIMARY KEY,
    tracking_number  char(13)     NOT NULL,
    type             varchar(40)  NOT NULL,
    occurred_at      timestamptz  NOT NULL,
    recorded_at      timestamptz  NOT NULL,
    source           varchar(200) NOT NULL,
    data             jsonb        NOT NULL
);
CREATE INDEX ix_shipment_event_timeline ON shipment_event (tracking_number, occurred_at);

-- Every estimated delivery date a shipment had, and what changed it.
CREATE TABLE shipment_eta (
    id                 bigserial    PRIMARY KEY,
    tracking_number    char(13)     NOT NULL,
    estimated_delivery date         NOT NULL,
    event_id           varchar(200) NOT NULL,
    event_type         varchar(40)  NOT NULL,
    changed_at         timestamptz  NOT NULL
);
CREATE INDEX ix_shipment_eta ON shipment_eta (tracking_number, changed_at);

-- Events for a tracking number not (yet) known: kept for a grace period in case the order is on its way,
-- then sent to the dead-letter topic.
CREATE TABLE pending_event (
    event_id         varchar(200) PRIMARY KEY,
    tracking_number  varchar(40)  NOT NULL,
    payload          text         NOT NULL,
    received_at      timestamptz  NOT NULL
);
CREATE INDEX ix_pending_event_tn ON pending_event (tracking_number);
CREATE INDEX ix_pending_event_received ON pending_event (received_at);

-- Proof of delivery captured by the driver or the carrier.
CREATE TABLE proof_of_delivery (
    id              uuid         PRIMARY KEY,
    tracking_number char(13)     NOT NULL,
    recipient_name  varchar(200) NOT NULL,
    delivered_at    timestamptz  NOT NULL,
    latitude        double precision,
    longitude       double precision,
    signature       bytea,
    signature_type  varchar(20),
    photo           bytea,
    photo_type      varchar(20),
    recorded_by     varchar(200) NOT NULL,
    created_at      timestamptz  NOT NULL
);
CREATE INDEX ix_pod_tn ON proof_of_delivery (tracking_number);

-- What customers sent from the tracking page: feedback once per shipment, problem reports rate-limited.
CREATE TABLE customer_feedback (
    tracking_number         char(13)    PRIMARY KEY,
    rating                  integer     NOT NULL,
    comment                 text,
    received_in_good_order  boolean     NOT NULL,
    created_at              timestamptz NOT NULL
);
CREATE TABLE customer_report (
    id              bigserial   PRIMARY KEY,
    tracking_number char(13)    NOT NULL,
    kind            varchar(40) NOT NULL,
    text            text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX ix_customer_report ON customer_report (tracking_number, created_at);
