DROP TABLE retention_periods;
