-- The outbox (issue 11): every notification the process requires and every webhook event, written in
-- the same transaction as the change that caused it, delivered afterwards by a worker at least once.

-- Where a partnership's notifications go, one destination per recipient: an HTTPS endpoint signed with
-- the destination's secret, or e-mail through GOV.UK Notify. Secrets are kept to send with and never
-- read back over the API.
CREATE TABLE delivery_destinations (
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    recipient TEXT NOT NULL CHECK (recipient IN ('national_panel', 'ofsted', 'department_for_education',
        'secretary_of_state', 'involved_agencies', 'leads_and_chair', 'nspcc')),
    channel TEXT NOT NULL CHECK (channel IN ('https', 'notify')),
    url TEXT,
    signing_secret TEXT,
    email_address TEXT,
    template_id TEXT,
    notify_api_key TEXT,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (partnership_id, recipient),
    CHECK ((channel = 'https' AND url IS NOT NULL AND signing_secret IS NOT NULL
            AND email_address IS NULL AND template_id IS NULL AND notify_api_key IS NULL)
        OR (channel = 'notify' AND url IS NULL AND signing_secret IS NULL
            AND email_address IS NOT NULL AND template_id IS NOT NULL AND notify_api_key IS NOT NULL))
);

-- An agency's endpoint for events about itself (agency_code set), or the partnership's for its own.
-- While a rotated secret's grace lasts, messages are signed with both.
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    agency_code TEXT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until TIMESTAMP,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    FOREIGN KEY (partnership_id, agency_code) REFERENCES agencies (partnership_id, code),
    CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL))
);

CREATE INDEX webhook_subscriptions_partnership ON webhook_subscriptions (partnership_id, id);

CREATE TABLE webhook_subscription_events (
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    event_type TEXT NOT NULL CHECK (event_type IN ('rapid_review.notification', 'review.notification',
        'rapid_review.delay_notice', 'rapid_review.submitted', 'rapid_review.submission_acknowledged',
        'information_request.issued', 'information_request.returned_for_rework',
        'review.publication_copy', 'review.published', 'action.assigned')),
    PRIMARY KEY (subscription_id, event_type)
);

-- A message goes to a recipient's destination or to one subscription, never both. One message per
-- thing owed (dedupe_key). A message that carries a notification names it, so that its delivery
-- records the notification as sent.
CREATE TABLE outbox_messages (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    event_type TEXT NOT NULL CHECK (event_type IN ('rapid_review.notification', 'review.notification',
        'rapid_review.delay_notice', 'rapid_review.submitted', 'rapid_review.submission_acknowledged',
        'information_request.issued', 'information_request.returned_for_rework',
        'review.publication_copy', 'review.published', 'action.assigned')),
    recipient TEXT CHECK (recipient IN ('national_panel', 'ofsted', 'department_for_education',
        'secretary_of_state', 'involved_agencies', 'leads_and_chair', 'nspcc')),
    subscription_id TEXT REFERENCES webhook_subscriptions (id),
    dedupe_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivering', 'waiting', 'delivered', 'dead',
        'sent_elsewhere')),
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    settled_by TEXT,
    settled_reference TEXT,
    UNIQUE (partnership_id, dedupe_key),
    CHECK ((recipient IS NULL) <> (subscription_id IS NULL)),
    CHECK ((status = 'delivering') = (claimed_until IS NOT NULL)),
    CHECK ((status IN ('delivered', 'sent_elsewhere')) = (delivered_at IS NOT NULL)),
    CHECK ((status = 'sent_elsewhere') = (settled_by IS NOT NULL))
);

CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at);
CREATE INDEX outbox_messages_partnership ON outbox_messages (partnership_id, id);

-- Every attempt to deliver a message: when, how long, what the receiver answered.
CREATE TABLE delivery_attempts (
    message_id TEXT NOT NULL REFERENCES outbox_messages (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    started_at TIMESTAMP NOT NULL,
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
    delivered BOOLEAN NOT NULL,
    response_status INTEGER CHECK (response_status BETWEEN 100 AND 599),
    error TEXT,
    PRIMARY KEY (message_id, number),
    CHECK (delivered = FALSE OR error IS NULL)
);
