-- Shared by every service (from trackline-platform): the transactional outbox and processed event ids.

-- Transactional outbox (Debezium's column names, so CDC could take over; topic and seq are ours).
CREATE TABLE outbox (
    seq           bigserial    NOT NULL,
    id            uuid         PRIMARY KEY,
    aggregatetype varchar(100) NOT NULL,
    aggregateid   varchar(100) NOT NULL,
    type          varchar(100) NOT NULL,
    timestamp     timestamptz  NOT NULL,
    payload       text         NOT NULL,
    topic         varchar(200) NOT NULL
);
CREATE INDEX ix_outbox_seq ON outbox (seq);

-- Event ids a consumer has processed, written in the transaction of their effect.
CREATE TABLE processed_event (
    consumer     varchar(100) NOT NULL,
    event_id     varchar(200) NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
