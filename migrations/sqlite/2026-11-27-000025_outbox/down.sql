DROP TABLE delivery_attempts;
DROP TABLE outbox_messages;
DROP TABLE webhook_subscription_events;
DROP TABLE webhook_subscriptions;
DROP TABLE delivery_destinations;
