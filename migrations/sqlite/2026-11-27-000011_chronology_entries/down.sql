DROP TABLE chronology_entries;
