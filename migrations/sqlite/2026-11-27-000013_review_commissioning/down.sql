DROP TABLE review_commissioning;
