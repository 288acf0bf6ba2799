-- Outbox rows the broker can never take (too large, invalid topic, ...), moved aside by OutboxRelay in the
-- transaction that would have deleted them, so that they stop no other row. Ops list and retry them through
-- /api/v1/outbox/parked. A repeatable migration, not V0_2: a lower version than the V1/V2 already applied in every
-- service's database would be refused as out of order; IF NOT EXISTS makes a rerun harmless.
CREATE TABLE IF NOT EXISTS outbox_parked (
    id            uuid         PRIMARY KEY,
    seq           bigint       NOT NULL,
    aggregatetype varchar(100) NOT NULL,
    aggregateid   varchar(100) NOT NULL,
    type          varchar(100) NOT NULL,
    timestamp     timestamptz  NOT NULL,
    payload       text         NOT NULL,
    topic         varchar(200) NOT NULL,
    reason        text         NOT NULL,
    parked_at     timestamptz  NOT NULL DEFAULT now()
);
