#!/bin/sh
# How the answers beside this script were recorded: a real Prometheus (Debian's 2.x, 1 s scrape)
# scraping the two sidecars of
#   canarytop demo --serve-only --web-replicas 2 --stats-flush 0s --green-bug errors --latency-scale 0.2
# with 5 requests to each web replica before Prometheus started, then 30 more to each between the
# "before" and "after" instant queries (sent one at a time with curl). The demo's ground truth over
# those 60 requests: blue 30 (no 5xx), green 30 (15 5xx), every one timed. PROM is Prometheus's
# address; WEB1/WEB2 the web replicas; the queries are PrometheusReader's for service payments.
set -e
P=${PROM:-http://127.0.0.1:19391}
CL='{__name__=~"envoy_cluster_(upstream_rq_xx|retry_upstream_rq_xx|upstream_rq_completed|upstream_rq_total|upstream_rq_timeout|upstream_cx_connect_fail|upstream_rq_rx_reset|upstream_rq_pending_overflow|upstream_rq_active|upstream_rq_time_bucket|upstream_rq_time_sum)",local_cluster="web",consul_destination_service="payments"}'
UP='envoy_server_uptime{local_cluster="web"}'
q() { curl -sG "$P/api/v1/query" --data-urlencode "query=$1" --data-urlencode "time=$2"; }
r() { curl -sG "$P/api/v1/query_range" --data-urlencode "query=$1" --data-urlencode "start=$2" --data-urlencode "end=$3" --data-urlencode "step=1"; }
T0=$(date +%s.%3N)
q "$CL" "$T0" > instant-cluster-before.json; q "$UP" "$T0" > instant-uptime-before.json
q "timestamp($UP)" "$T0" > instant-stamp-before.json
for i in $(seq 1 30); do curl -s "$WEB1" >/dev/null; curl -s "$WEB2" >/dev/null; done
sleep 3
T1=$(date +%s.%3N)
q "$CL" "$T1" > instant-cluster-after.json; q "$UP" "$T1" > instant-uptime-after.json
q "timestamp($UP)" "$T1" > instant-stamp-after.json
S=$(echo "$T0 - 4" | bc)
r "$CL" "$S" "$T1" > range-cluster.json; r "$UP" "$S" "$T1" > range-uptime.json
echo "T0=$T0 T1=$T1 S=$S"
