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
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    CONSTRAINT uq_order_reference UNIQUE (order_source, external_reference)
);
CREATE INDEX ix_order_status_created ON customer_order (status, created_at);
CREATE INDEX ix_order_created ON customer_order (created_at);

-- An upstream retry with the same Idempotency-Key gets the first answer back.
CREATE TABLE idempotency_key (
    key          varchar(200) PRIMARY KEY,
    request_hash char(64)     NOT NULL,
    order_id     uuid         NOT NULL REFERENCES customer_order (id) DEFERRABLE INITIALLY DEFERRED,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
