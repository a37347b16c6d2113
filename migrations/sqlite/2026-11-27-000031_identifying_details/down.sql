DROP TABLE identifying_detail_releases;
DROP TABLE identifying_details;
