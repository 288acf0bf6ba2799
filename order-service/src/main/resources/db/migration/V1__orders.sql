CREATE TABLE customer_order (
    id                  uuid PRIMARY KEY,
    external_reference  varchar(100) NOT NULL,
    order_source        varchar(100) NOT NULL,
    service_level       varchar(20)  NOT NULL,
    status              varchar(20)  NOT NULL,
    customer_name       varchar(200) NOT NULL,
    customer_email      varchar(320) NOT NULL,
    customer_phone      varchar(20),
    customer_language   varchar(10)  NOT NULL,
    customer_time_zone  varchar(64),
    address_line1       varchar(200) NOT NULL,
    address_line2       varchar(200),
    address_city        varchar(100) NOT NULL,
    address_postal_code varchar(20)  NOT NULL,
    address_country     char(2)      NOT NULL,
    items               jsonb        NOT NULL,
    tracking_number     char(13)     NOT NULL UNIQUE,
    estimated_delivery  date         NOT NULL,
    delivered_at        timestamptz,
    -- the customer confirmed receipt in good order (feedback on the tracking page)
    accepted_at         timestamptz,
    closed_at           timestamptz,
    close_reason        varchar(40),
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    CONSTRAINT uq_order_reference UNIQUE (order_source, external_reference)
);
CREATE INDEX ix_order_status_created ON customer_order (status, created_at);
CREATE INDEX ix_order_created ON customer_order (created_at);
CREATE INDEX ix_order_delivered ON customer_order (delivered_at) WHERE status = 'DELIVERED';

-- Exceptions of an order's shipment, open until ExceptionResolved names the event that raised them.
CREATE TABLE order_exception (
    raised_event_id  varchar(200) PRIMARY KEY,
    tracking_number  char(13)     NOT NULL,
    reason           varchar(40),
    raised_at        timestamptz  NOT NULL,
    resolved_at      timestamptz
);
CREATE INDEX ix_order_exception_open ON order_exception (tracking_number) WHERE resolved_at IS NULL;

-- What happened to an order and who did it: confirmations, deliveries, closures, manual actions.
CREATE TABLE order_history (
    id        bigserial    PRIMARY KEY,
    order_id  uuid         NOT NULL REFERENCES customer_order (id),
    action    varchar(40)  NOT NULL,
    actor     varchar(200) NOT NULL,
    note      text,
    at        timestamptz  NOT NULL
);
CREATE INDEX ix_order_history_order ON order_history (order_id, at);

-- An upstream retry with the same Idempotency-Key gets the first answer back.
CREATE TABLE idempotency_key (
    key          varchar(200) PRIMARY KEY,
    request_hash char(64)     NOT NULL,
    order_id     uuid         NOT NULL REFERENCES customer_order (id) DEFERRABLE INITIALLY DEFERRED,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
