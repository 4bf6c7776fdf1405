# Sourced by bin/egress-proxy and bin/egress-proxy-aot-cache: aot_stamp JAVA TARGET prints what an AOT cache of
# TARGET/egress-proxy.aot was trained against: the Java executable (resolved) and the name, size and modification
# time of every jar on the class path. A cache whose stamp differs is stale.
aot_stamp() {
  { readlink -f "$1"; stat -c '%n %s %Y' "$2/egress-proxy.jar" "$2"/lib/*.jar; } | sha256sum | cut -d' ' -f1
}
