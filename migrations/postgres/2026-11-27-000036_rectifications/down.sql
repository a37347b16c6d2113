DROP TABLE rectifications;
