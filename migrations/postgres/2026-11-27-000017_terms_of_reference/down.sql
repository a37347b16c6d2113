DROP TABLE review_agencies_in_scope;
DROP TABLE review_terms_of_reference;
