#!/bin/sh
# PostgreSQL's first start (docker-entrypoint-initdb.d): the two roles of docs/OPERATIONS.md.
# laoshan_owner owns the database and runs migrate; laoshan is what web, worker and beat use.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$POSTGRES_OWNER_PASSWORD" -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
CREATE ROLE laoshan_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE laoshan LOGIN PASSWORD :'app_password';
CREATE DATABASE laoshan OWNER laoshan_owner;
SQL
