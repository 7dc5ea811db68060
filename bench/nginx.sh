# Sourced by the bench scripts: a throwaway one-worker nginx on loopback,
# pinned to CPU 0 when there are two, serving a small static file.
#   start_nginx PORT WORKDIR   sets nginx_pid and nginx_url
start_nginx() {
  local port=$1 work=$2
  mkdir -p "$work/html" "$work/logs" "$work/tmp"
  printf 'hello from nginx\n' > "$work/html/index.html"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$port; root $work/html; }
}
CONF
  local pin=""
  [ "$(nproc)" -ge 2 ] && pin="taskset -c 0"
  $pin nginx -c "$work/nginx.conf" -p "$work" &
  nginx_pid=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  nginx_url="http://127.0.0.1:$port/index.html"
}
