DROP TABLE review_panel_meetings;
