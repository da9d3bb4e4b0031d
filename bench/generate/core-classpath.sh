# Sourced by the generator's bench scripts (from the repository root): compiles core offline and
# sets CP to its classes and runtime dependencies.
mvn -B -o -q compile -pl core >/dev/null 2>&1 || { echo "build failed: mvn -B -o compile -pl core" >&2; exit 1; }
CP_FILE=$(mktemp)
mvn -B -o -q dependency:build-classpath -pl core -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1 \
  || { echo "classpath failed: mvn dependency:build-classpath -pl core" >&2; exit 1; }
CP="core/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
