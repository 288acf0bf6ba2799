-- What exception-service knows of each shipment, to detect delays nobody reported.
CREATE TABLE shipment_watch (
    tracking_number      char(13)    PRIMARY KEY,
    order_id             varchar(64),
    service_level        varchar(20),
    status               varchar(20) NOT NULL,
    status_at            timestamptz NOT NULL,
    confirmed_at         timestamptz NOT NULL,
    last_scan_at         timestamptz,
    out_for_delivery_at  timestamptz,
    estimated_delivery   date,
    promised_delivery    date,
    time_zone            varchar(64),
    updated_at           timestamptz NOT NULL
);
CREATE INDEX ix_watch_status ON shipment_watch (status);

-- Exception cases: reported (by a carrier, upstream system or the customer) or detected here.
CREATE TABLE exception_case (
    id                 uuid         PRIMARY KEY,
    tracking_number    char(13)     NOT NULL,
    order_id           varchar(64),
    reason             varchar(40)  NOT NULL,
    source             varchar(20)  NOT NULL,
    -- the detection rule for detected cases; null for reported ones
    rule               varchar(40),
    -- the ExceptionRaised event that opened the case (upstream's, or the one published here)
    raised_event_id    varchar(200) NOT NULL UNIQUE,
    description        text,
    carrier_code       varchar(50),
    status             varchar(20)  NOT NULL,
    opened_at          timestamptz  NOT NULL,
    acknowledged_at    timestamptz,
    acknowledged_by    varchar(200),
    resolved_at        timestamptz,
    resolved_by        varchar(200),
    resolution         varchar(40),
    resolution_note    text,
    revised_eta        date,
    resolution_steps   jsonb,
    escalation_level   integer      NOT NULL DEFAULT 0,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX ix_case_status ON exception_case (status, opened_at);
CREATE INDEX ix_case_tracking ON exception_case (tracking_number);
-- A detection rule raises one case per shipment, not one per run or per replica.
CREATE UNIQUE INDEX uq_case_open_rule ON exception_case (tracking_number, rule)
    WHERE rule IS NOT NULL AND status <> 'RESOLVED';

-- Who did what to a case.
CREATE TABLE case_history (
    id        bigserial    PRIMARY KEY,
    case_id   uuid         NOT NULL REFERENCES exception_case (id),
    action    varchar(40)  NOT NULL,
    actor     varchar(200) NOT NULL,
    note      text,
    at        timestamptz  NOT NULL
);
CREATE INDEX ix_case_history ON case_history (case_id, at);

-- EscalationRaised is published once per case and level.
CREATE TABLE escalation (
    case_id  uuid        NOT NULL REFERENCES exception_case (id),
    level    integer     NOT NULL,
    trigger  varchar(40) NOT NULL,
    at       timestamptz NOT NULL,
    PRIMARY KEY (case_id, level)
);
