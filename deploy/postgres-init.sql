-- Run once by the postgres image on an empty data volume (docker-compose.yml mounts it into
-- /docker-entrypoint-initdb.d). Same role and databases deploy/dev.sh creates; the services apply
-- their own EF migrations at start.
CREATE ROLE leaddialer LOGIN CREATEDB PASSWORD 'leaddialer';
CREATE DATABASE leaddialer_leads OWNER leaddialer;
CREATE DATABASE leaddialer_dialer OWNER leaddialer;
CREATE DATABASE leaddialer_providergateway OWNER leaddialer;
CREATE DATABASE leaddialer_import OWNER leaddialer;
CREATE DATABASE leaddialer_gateway OWNER leaddialer;
CREATE DATABASE leaddialer_webhooks OWNER leaddialer;
