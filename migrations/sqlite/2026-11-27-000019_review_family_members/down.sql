DROP TABLE review_family_members;
