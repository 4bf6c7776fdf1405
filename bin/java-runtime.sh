# Sourced by the launchers in bin/: sets JAVA_CMD to a Java >= 21.
# Order: $JAVA_HOME, java on PATH, then the JDKs under /usr/lib/jvm (newest first).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]; exit}'
}
find_java() {
  local candidate major
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA_CMD="$candidate"
      return 0
    fi
  done
  echo "$(basename "$0"): needs Java 21 or newer; set JAVA_HOME to a JDK >= 21 (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)" >&2
  exit 3
}
find_java
