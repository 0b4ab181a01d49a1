#!/usr/bin/env bash
# Starts any of the machine's local services (PostgreSQL, MariaDB, Redis, RabbitMQ, Mosquitto,
# NATS) that is not answering, with the commands the machine documents. Tests need them real.
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 1; done; echo "service on port $1 did not come up" >&2; return 1; }

up 5432 || { pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start; wait_port 5432; }
up 3306 || { start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; wait_port 3306; }
up 6379 || { redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log; wait_port 6379; }
up 5672 || { rabbitmq-server -detached; wait_port 5672; }
up 1883 || { mosquitto -d -c /etc/mosquitto/mosquitto.conf; wait_port 1883; }
up 4222 || { start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log; wait_port 4222; }
exit 0
