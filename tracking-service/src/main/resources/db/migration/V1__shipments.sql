-- The shipment projection: one row per shipment, its current state.
CREATE TABLE shipment (
    tracking_number        char(13)     PRIMARY KEY,
    order_id               varchar(64),
    service_level          varchar(20),
    status                 varchar(20)  NOT NULL,
    -- occurrence time of the event that set the status: older events never move it back
    status_at              timestamptz  NOT NULL,
    estimated_delivery     date,
    promised_delivery      date,
    destination_city       varchar(100),
    destination_country    char(2),
    customer_language      varchar(10),
    customer_time_zone     varchar(64),
    last_location          varchar(300),
    open_exception_reason  varchar(40),
    open_exception_since   timestamptz,
    created_at             timestamptz  NOT NULL,
    updated_at             timestamptz  NOT NULL
);
CREATE INDEX ix_shipment_status ON shipment (status, updated_at);
CREATE INDEX ix_shipment_updated ON shipment (updated_at);

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
