#!/usr/bin/env bash
# Runs the proxy load harness: egress-proxy vs Squid ssl-bump vs mitmdump vs direct, side by side, one run.
# Installs nothing. Needs: ./mvnw -q -pl egress-proxy,benchmarks -am -DskipTests package, Debian packages golang-go
# (the Go load client, built into ~/.cache/claude-bottle) and nginx-light (the TLS upstream; the JDK server otherwise), and
# Debian packages mitmproxy (mitmdump) and squid-openssl (Squid with ssl-bump). Extra arguments go to the harness (--seconds N --warmup N).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
java_cmd=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]; exit}')
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then java_cmd="$home/bin/java"; break; fi
done
[ -n "$java_cmd" ] || { echo "run.sh: needs Java 21 or newer (JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64)" >&2; exit 3; }
[[ " $* " == *" --client java "* ]] || command -v go >/dev/null || { echo "run.sh: go not found; install Debian's golang-go package first (the load client), or pass --client java" >&2; exit 3; }
command -v mitmdump >/dev/null || { echo "run.sh: mitmdump not found; install Debian's mitmproxy package first" >&2; exit 3; }
[ -x /usr/lib/squid/security_file_certgen ] || { echo "run.sh: Squid with ssl-bump not found; install Debian's squid-openssl package first" >&2; exit 3; }
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "run.sh: $jar missing; run ./mvnw -q -pl egress-proxy,benchmarks -am -DskipTests package" >&2; exit 3; }
cd "$root"
exec "$java_cmd" -cp "$jar" dev.claudebottle.benchmarks.proxyload.ProxyLoadHarness \
  --repo "$root" --out "$root/benchmarks/results/egress-proxy-load.md" --command "benchmarks/proxy-load/run.sh $*" "$@"
