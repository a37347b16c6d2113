DELETE FROM review_notifications WHERE kind LIKE 'delay_%';
ALTER TABLE review_notifications DROP CONSTRAINT review_notifications_kind_check;
ALTER TABLE review_notifications ADD CONSTRAINT review_notifications_kind_check CHECK (kind IN ('commissioning_national_panel', 'commissioning_department_for_education',
        'commissioning_ofsted', 'reviewer_named_national_panel', 'reviewer_named_ofsted',
        'reviewer_named_department_for_education'));
DROP TABLE review_delays;
