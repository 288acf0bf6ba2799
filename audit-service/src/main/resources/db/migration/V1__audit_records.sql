-- Every event, communication record and dead-letter record, append-only, partitioned by month of recording
-- so that retention drops whole partitions.
CREATE TABLE audit_record (
    id               bigserial    NOT NULL,
    event_id         varchar(200) NOT NULL,
    kind             varchar(20)  NOT NULL,  -- LIFECYCLE, COMMUNICATION, DEAD_LETTER
    type             varchar(100),
    tracking_number  varchar(40),
    order_id         varchar(64),
    source           varchar(200),
    event_time       timestamptz  NOT NULL,
    recorded_at      timestamptz  NOT NULL,
    kafka_topic      varchar(200) NOT NULL,
    kafka_partition  integer      NOT NULL,
    kafka_offset     bigint       NOT NULL,
    reason           text,
    payload          text         NOT NULL,
    PRIMARY KEY (recorded_at, id)
) PARTITION BY RANGE (recorded_at);

CREATE INDEX ix_audit_tracking ON audit_record (tracking_number, recorded_at);
CREATE INDEX ix_audit_order ON audit_record (order_id, recorded_at);
CREATE INDEX ix_audit_type ON audit_record (type, recorded_at);

-- Creates the monthly partitions from the month of 'from_month' up to 'months_ahead' months after now.
CREATE FUNCTION audit_ensure_partitions(from_month date, months_ahead integer) RETURNS integer AS $$
DECLARE
    month date := date_trunc('month', from_month)::date;
    last_month date := (date_trunc('month', now()) + make_interval(months => months_ahead))::date;
    created integer := 0;
    name text;
BEGIN
    WHILE month <= last_month LOOP
        name := 'audit_record_' || to_char(month, 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF audit_record FOR VALUES FROM (%L) TO (%L)',
                           name, month, (month + interval '1 month')::date);
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END;
$$ LANGUAGE plpgsql;

SELECT audit_ensure_partitions(now()::date, 3);
