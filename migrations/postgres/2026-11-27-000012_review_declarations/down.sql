DROP TABLE review_declarations;
