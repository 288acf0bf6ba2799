-- Every event, communication record and dead-letter record, append-only, partitioned by the UTC month of
-- recording so that retention drops whole partitions. Each row is a link of its month's hash chain:
-- hash = SHA-256(prev_hash + canonical fields + payload), computed by the service (AuditWriter, ChainHash).
CREATE SEQUENCE audit_record_id_seq;

CREATE TABLE audit_record (
    id               bigint       NOT NULL,  -- from audit_record_id_seq, taken by the writer: the hash covers it
    chain_seq        bigint       NOT NULL,  -- position in the month's chain, 1, 2, 3, ...
    recorded_at      timestamptz  NOT NULL,
    event_time       timestamptz  NOT NULL,
    event_id         varchar(200) NOT NULL,
    kind             varchar(20)  NOT NULL,  -- LIFECYCLE, COMMUNICATION, DEAD_LETTER
    type             varchar(200),
    tracking_number  varchar(200),
    order_id         varchar(200),
    source           varchar(200),
    kafka_topic      varchar(200) NOT NULL,
    kafka_partition  integer      NOT NULL,
    kafka_offset     bigint       NOT NULL,
    reason           text,
    headers          text,                   -- the Kafka headers as a JSON object (binary-mode attributes, DLQ reason)
    payload          text         NOT NULL,  -- the record value exactly as received
    prev_hash        varchar(64)  NOT NULL,
    hash             varchar(64)  NOT NULL,
    PRIMARY KEY (recorded_at, id)
) PARTITION BY RANGE (recorded_at);

-- Listing newest first by (recorded_at, id), optionally narrowed by one of these
CREATE INDEX ix_audit_tracking ON audit_record (tracking_number, recorded_at, id);
CREATE INDEX ix_audit_order ON audit_record (order_id, recorded_at, id);
CREATE INDEX ix_audit_type ON audit_record (type, recorded_at, id);

-- Append-only: the application never updates or deletes a row; retention drops whole partitions (DROP TABLE is
-- no row operation). Someone who bypasses this (superuser, session_replication_role) is caught by the hash chain.
CREATE FUNCTION audit_record_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();

-- The head of each month's chain. Writers lock their month's row (FOR UPDATE through an upsert), so the links
-- of one chain are made one at a time, in chain_seq order, whatever the number of consumers and replicas.
CREATE TABLE audit_chain (
    month            date         PRIMARY KEY,  -- first day of the UTC month
    last_seq         bigint       NOT NULL,
    last_hash        varchar(64)  NOT NULL,
    last_id          bigint,
    last_recorded_at timestamptz
);

-- What retention dropped, with the final link of the dropped chain.
CREATE TABLE audit_retention_log (
    id               bigserial    PRIMARY KEY,
    partition_name   varchar(63)  NOT NULL,
    month            date         NOT NULL,
    dropped_at       timestamptz  NOT NULL,
    retention_months integer      NOT NULL,
    cutoff           timestamptz  NOT NULL,
    row_count        bigint       NOT NULL,
    chain_last_seq   bigint,
    chain_last_hash  varchar(64)
);

-- Retention also forgets the processed ids of what it dropped (processed_event comes from trackline-platform).
CREATE INDEX ix_processed_event_audit_age ON processed_event (processed_at) WHERE consumer = 'audit';

-- Creates the monthly partitions (UTC months) from the month of from_month to the month of to_month, each with
-- a unique index on its chain position.
CREATE FUNCTION audit_ensure_partitions(from_month date, to_month date) RETURNS integer AS $$
DECLARE
    month date := date_trunc('month', from_month)::date;
    last_month date := date_trunc('month', to_month)::date;
    created integer := 0;
    name text;
BEGIN
    WHILE month <= last_month LOOP
        name := 'audit_record_' || to_char(month, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF audit_record FOR VALUES FROM (%L) TO (%L)', name,
                           month::timestamp AT TIME ZONE 'UTC',
                           (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            EXECUTE format('CREATE UNIQUE INDEX %I ON %I (chain_seq)', name || '_chain_seq', name);
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END;
$$ LANGUAGE plpgsql;

-- The months a fresh database needs before the consumers start; AuditMaintenance keeps creating them ahead.
SELECT audit_ensure_partitions((now() AT TIME ZONE 'UTC')::date, ((now() AT TIME ZONE 'UTC') + interval '3 months')::date);
