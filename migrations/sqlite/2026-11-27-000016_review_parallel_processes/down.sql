DROP TABLE review_parallel_processes;
