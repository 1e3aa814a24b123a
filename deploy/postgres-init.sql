-- cpcase's shared database beside Temporal's two, made once when the PostgreSQL volume is new (docker-compose.yml
-- mounts this into /docker-entrypoint-initdb.d). `npm run stack` makes the same role and database itself.
CREATE ROLE cpcase LOGIN PASSWORD 'cpcase';
CREATE DATABASE cpcase OWNER cpcase;
