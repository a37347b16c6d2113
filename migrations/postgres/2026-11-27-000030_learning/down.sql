DROP TABLE national_learning;
DROP TABLE disseminations;
