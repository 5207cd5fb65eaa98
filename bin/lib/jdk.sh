#!/usr/bin/env bash
# Sourced by the bin/ scripts (or by a shell: `. bin/lib/jdk.sh`): finds a JDK 25 or newer, exports JAVA_HOME and
# puts it first on PATH. Run as a command, prints its path: JAVA_HOME="$(bin/lib/jdk.sh)".
# A failure returns 2 from a sourcing shell (which it never closes) and exits 2 from a command.
# Order: KILN_JAVA_HOME, JAVA_HOME, then the usual install folders. Never depends on the caller's shell set-up.

kiln_java_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  printf '%s' "$v"
}

kiln_find_jdk() {
  local c v best="" bestv=0
  for c in "${KILN_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    [ -n "$c" ] || continue
    v=$(kiln_java_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then printf '%s' "$c"; return 0; fi
  done
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] || continue
    v=$(kiln_java_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$bestv" ]; then best="$c"; bestv="$v"; fi
  done
  [ -n "$best" ] && printf '%s' "$best"
}

JAVA_HOME=$(kiln_find_jdk) || true
if [ -z "$JAVA_HOME" ]; then
  echo "kiln: no JDK 25 or newer found (looked at KILN_JAVA_HOME, JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman); install one, e.g. Temurin 25, or point JAVA_HOME at it" >&2
  return 2 2>/dev/null || exit 2
fi
if [ "${BASH_SOURCE[0]}" = "$0" ]; then printf '%s\n' "$JAVA_HOME"; exit 0; fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 still touches sun.misc.Unsafe; keep its warnings out of every build log.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
# Scripts that build need Maven; a distribution's bin/kiln (kiln_needs_maven=0) does not.
if [ "${kiln_needs_maven:-1}" != 0 ]; then
  command -v mvn >/dev/null 2>&1 || { echo "kiln: Maven (mvn) is not on PATH; install Apache Maven 3.8 or newer" >&2; return 2 2>/dev/null || exit 2; }
fi
