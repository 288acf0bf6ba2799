-- One database per service, as deploy/local/trackline.sh makes them (run once by the postgres image on first start)
CREATE DATABASE trackline_order;
CREATE DATABASE trackline_tracking;
CREATE DATABASE trackline_notification;
CREATE DATABASE trackline_exception;
CREATE DATABASE trackline_audit;
