DROP TABLE review_notifications;
