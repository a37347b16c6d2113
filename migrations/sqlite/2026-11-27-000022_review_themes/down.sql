DROP TABLE review_theme_entries;
DROP TABLE review_themes;
