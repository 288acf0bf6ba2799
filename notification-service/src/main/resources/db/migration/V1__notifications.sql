-- notification-service: customer contacts (from OrderConfirmed), preferences, planned/sent messages, call tasks.

-- The contact and current promise per shipment: later events carry no contact details.
CREATE TABLE customer_contact (
    tracking_number    varchar(40)  PRIMARY KEY,
    order_id           varchar(100),
    name               varchar(300),
    email              varchar(320),
    phone              varchar(32),
    language           varchar(35),
    time_zone          varchar(64),
    tracking_url       varchar(2000),
    estimated_delivery date,
    updated_at         timestamptz  NOT NULL
);

-- Per customer key (lower-case email address or E.164 phone number).
CREATE TABLE customer_preference (
    customer      varchar(320) PRIMARY KEY,
    email_opt_out boolean      NOT NULL DEFAULT false,
    sms_opt_out   boolean      NOT NULL DEFAULT false,
    language      varchar(35),
    updated_at    timestamptz  NOT NULL,
    updated_by    varchar(200)
);

-- One row per message (event, channel, recipient, purpose): the unique key makes "never twice" a database fact.
CREATE TABLE notification (
    id                  uuid          PRIMARY KEY,
    event_id            varchar(200)  NOT NULL,
    event_type          varchar(100)  NOT NULL,
    tracking_number     varchar(40)   NOT NULL,
    order_id            varchar(100),
    channel             varchar(20)   NOT NULL,
    recipient_kind      varchar(20)   NOT NULL,
    recipient           varchar(2000) NOT NULL,
    purpose             varchar(30)   NOT NULL,
    template            varchar(200),
    language            varchar(35),
    subject             varchar(1000),
    body                text,
    html_body           text,
    segments            integer,
    status              varchar(20)   NOT NULL,
    provider            varchar(100),
    provider_message_id varchar(200),
    provider_status     varchar(30),
    attempts            integer       NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,
    claimed_until       timestamptz,
    detail              varchar(2000),
    created_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    sent_at             timestamptz,
    CONSTRAINT uq_notification_message UNIQUE (event_id, channel, recipient_kind, recipient, purpose)
);
CREATE INDEX ix_notification_due ON notification (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX ix_notification_tracking ON notification (tracking_number, created_at);
CREATE INDEX ix_notification_provider_id ON notification (provider_message_id);

-- Phone calls customer service has to make.
CREATE TABLE call_task (
    id              uuid          PRIMARY KEY,
    notification_id uuid          NOT NULL UNIQUE REFERENCES notification (id),
    tracking_number varchar(40)   NOT NULL,
    order_id        varchar(100),
    event_type      varchar(100)  NOT NULL,
    customer_name   varchar(300),
    phone           varchar(32)   NOT NULL,
    language        varchar(35),
    reason          varchar(2000) NOT NULL,
    status          varchar(20)   NOT NULL,
    outcome         varchar(30),
    note            varchar(2000),
    created_at      timestamptz   NOT NULL,
    completed_at    timestamptz,
    completed_by    varchar(200)
);
CREATE INDEX ix_call_task_status ON call_task (status, created_at);
