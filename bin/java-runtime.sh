# Sourced by the scripts in bin/: sets JAVA_CMD (and JAVA_HOME) to a Java >= 21.
# Order: $JAVA_HOME, java on PATH, then the JDKs under /usr/lib/jvm (newest first).
# Set NEED_JAVAC=1 before sourcing to require a full JDK (for building).
# The major version, from the JDK's release file when it has one (no JVM start), else by asking java.
java_major() {
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]; exit}'
  fi
}
find_java() {
  local candidate major home
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    candidate=$(readlink -f "$candidate")
    home=$(dirname "$(dirname "$candidate")")
    if [ "${NEED_JAVAC:-0}" = 1 ] && [ ! -x "$home/bin/javac" ]; then
      continue
    fi
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA_CMD="$candidate"
      JAVA_MAJOR="$major"
      export JAVA_HOME="$home"
      return 0
    fi
  done
  echo "$(basename "$0"): needs a Java ${NEED_JAVAC:+JDK }21 or newer; set JAVA_HOME (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)" >&2
  exit 3
}
find_java
# Guava (under Guice) still uses sun.misc.Unsafe, and JLine (bottle dashboard) loads its native terminal library;
# JDK 24+ would print a warning for each on every run.
JAVA_QUIET_OPTS=""
if [ "$JAVA_MAJOR" -ge 23 ]; then
  JAVA_QUIET_OPTS="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
fi
