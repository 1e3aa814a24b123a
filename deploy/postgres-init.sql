-- cpcase's shared database beside Temporal's two, made once when the PostgreSQL volume is new (docker-compose.yml
-- mounts this into /docker-entrypoint-initdb.d). `npm run stack` makes the same roles and database itself.
-- The workers own and write the record (cpcase); people's CLIs read it (cpcase_people: audit, reports, census).
CREATE ROLE cpcase LOGIN PASSWORD 'cpcase';
CREATE ROLE cpcase_people LOGIN PASSWORD 'cpcase_people';
CREATE DATABASE cpcase OWNER cpcase;
\connect cpcase
GRANT USAGE ON SCHEMA public TO cpcase_people;
ALTER DEFAULT PRIVILEGES FOR ROLE cpcase IN SCHEMA public GRANT SELECT ON TABLES TO cpcase_people;
