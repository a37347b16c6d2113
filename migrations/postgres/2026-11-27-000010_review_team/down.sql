DROP TABLE review_team;
